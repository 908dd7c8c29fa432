"""Webhooks: each change the changes feed reports, pushed to an agency's system as it happens.

:mod:`registry` registers, lists, re-enables and deletes them; :mod:`targets` decides where
one may point, and :mod:`pinned` connects to the very addresses it checked; :mod:`deliveries`
turns changes into deliveries and sends them through the job queue; :mod:`signing` signs each
one so the receiver knows it came from here.
"""
