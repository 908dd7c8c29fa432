"""The record as a whole: the audit log, who viewed a child, closing a case, retention and backup."""
