"""The `foia` command line: the click group, with every command registered on it by name."""

from __future__ import annotations

from pathlib import Path

import click

from indexer import (
    default_home,
)
from indexer.cli.annotations import history_command, note, tag, undo_command
from indexer.cli.compare import compare_command
from indexer.cli.context import Context
from indexer.cli.corpus import (
    ingest,
    list_command,
    reindex_command,
    search_command,
    show,
    stats,
)
from indexer.cli.corrections import meta_group
from indexer.cli.errors import FoiaGroup
from indexer.cli.exports import cite, export_command, import_command
from indexer.cli.productions import (
    production_command,
    productions_command,
    redactions_command,
)
from indexer.cli.server import serve
from indexer.cli.synonyms import synonyms_command
from indexer.cli.tools import (
    alerts_command,
    batch_command,
    find_quote_command,
    saved_group,
    similar_command,
)
from indexer.cli.users import user

__all__ = ["main"]


@click.group(cls=FoiaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the index, database and caches [default: $FOIA_HOME, else var/ of the "
    "foia-search checkout you are in (the home `make run` serves), "
    "else ~/.local/share/foia-search].",
)
@click.pass_context
def main(ctx: click.Context, home: Path | None) -> None:
    """foia-search: index released FOIA records page by page and search them."""
    ctx.obj = Context(home or default_home())


# The corpus and its index.
main.add_command(ingest)
main.add_command(search_command)
main.add_command(list_command)
main.add_command(show)
main.add_command(stats)
main.add_command(reindex_command)
main.add_command(compare_command)
main.add_command(synonyms_command)
main.add_command(serve)
# Staff: accounts, annotations, citations.
main.add_command(user)
main.add_command(tag)
main.add_command(note)
main.add_command(history_command)
main.add_command(undo_command)
main.add_command(cite)
main.add_command(export_command)
main.add_command(import_command)
main.add_command(meta_group)
# Investigator tools.
main.add_command(batch_command)
main.add_command(find_quote_command)
main.add_command(similar_command)
main.add_command(saved_group)
main.add_command(alerts_command)
# Productions (issue 16).
main.add_command(productions_command)
main.add_command(production_command)
main.add_command(redactions_command)
