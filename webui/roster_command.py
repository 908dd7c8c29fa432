"""``teamaround roster import``: a school's export previewed, then applied through the job queue."""

from __future__ import annotations

import json
from pathlib import Path

import click

from core.errors import NotFound
from core.jobs import queue
from core.roster import apply, files, mappings, oneroster, plain_csv
from core.roster.preview import Action, Preview, preview
from core.wording import english


@click.group("roster")
def roster_commands():
    """The pupils, their parents and carers, and the staff, from the school's system."""


@roster_commands.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what the import would do, and change nothing.")
@click.option("--mapping", "mapping_name", help="The saved column mapping of a plain CSV export (or a JSON file).")
def import_roster(file: Path, dry_run: bool, mapping_name: str | None):
    """Import FILE: a OneRoster 1.2 CSV bundle (a ZIP or a folder) or a plain CSV export read
    through --mapping. Shows what it will do first; applies nothing while a row is refused.
    The people it adds are invited by e-mail to choose their own password."""
    from webui.cli import database_app
    from webui.database import site

    app = database_app()
    sessions = app.extensions["teamaround.sessions"]
    with app.app_context():
        here = site()
    with sessions() as db, db.begin():
        try:
            roster = _read(db, file, mapping_name)
        except oneroster.BundleError as error:
            raise click.ClickException(english(error.reason)) from None
        except plain_csv.MappingError as error:
            raise click.ClickException(
                "The mapping does not fit the file: "
                + "; ".join(f"{field}: {english(reason)}" for field, reason in sorted(error.problems.items()))
            ) from None
        shown = preview(db, roster)
        _describe(file, shown)
        if dry_run:
            db.rollback()
            return
        if not shown.may_apply:
            db.rollback()
            raise click.ClickException("Nothing was imported: mend the refused rows and import the file again.")
        run = apply.keep(db, None, shown, file_name=file.name, mapping_name=_saved_name(mapping_name))
        apply.queue_apply(db, None, run, shown)
        run_id = run.id
    queue.run_due(sessions, apply.job_kinds(here))
    with sessions() as db:
        done = db.get(apply.RosterImport, run_id)
        click.echo(
            f"Applied {done.applied} of {len(done.plan)} operations."
            + ("" if done.finished_at else " The rest is queued: run `teamaround jobs run`.")
        )
    if here.mail_enabled:
        click.echo("The people added are invited by e-mail (`teamaround outbox run` sends it).")
    else:
        click.echo(
            "The people added have no password yet: mail is not set up (TEAMAROUND_SMTP_URL), "
            "so their invitations were not sent; send them again from their team's page."
        )


def _read(db, file: Path, mapping_name: str | None):
    if file.is_dir():
        return oneroster.read(oneroster.files_of(file))
    content = file.read_bytes()
    if files.is_bundle(content):
        return oneroster.read(oneroster.files_in_zip(content))
    if not mapping_name:
        raise click.UsageError("A plain CSV export needs --mapping: the name of a saved mapping, or a JSON file.")
    if Path(mapping_name).is_file():
        mapping = json.loads(Path(mapping_name).read_text())
        mappings.save(db, None, Path(mapping_name).stem, mapping)
    else:
        try:
            mapping = mappings.named(db, mapping_name)
        except NotFound:
            raise click.UsageError(f"No mapping is saved as {mapping_name!r}.") from None
    return plain_csv.read(content, mapping)


def _saved_name(mapping_name: str | None) -> str | None:
    return Path(mapping_name).stem if mapping_name and Path(mapping_name).is_file() else mapping_name


def _describe(file: Path, shown: Preview) -> None:
    counts = shown.counts
    click.echo(
        f"{file.name} ({shown.source}, {shown.encoding or 'no text'}): {counts[Action.NEW]} new, "
        f"{counts[Action.CHANGED]} changed, {counts[Action.UNCHANGED]} left alone, {counts[Action.LEAVES]} leaving, "
        f"{counts[Action.REFUSED]} refused."
    )
    for line in shown.lines:
        if line.action is not Action.UNCHANGED:
            changes = "; ".join(f"{name}: {old!r} -> {new!r}" for name, (old, new) in line.changes.items())
            joins = f" joins the team of {', '.join(line.pupils_added)}" if line.pupils_added else ""
            click.echo(
                f"  {line.action.value} {line.kind} {line.identifier} {line.name}{joins}"
                + (f" ({changes})" if changes else "")
            )
        for name, (ours, theirs) in line.conflicts.items():
            click.echo(
                f"  conflict {line.kind} {line.identifier} {line.name}: {name} is {ours!r} in Teamaround, "
                f"{theirs!r} in the file; Teamaround's is kept"
            )
    for refusal in shown.refusals:
        click.echo(f"  refused {refusal.line}: {english(refusal.reason)}")
