"""`foia synonyms`: the classes of names that mean the same thing, and where each comes from."""

from __future__ import annotations

import click

from indexer import (
    SYNONYMS_NAME,
    matching_synonym_classes,
    synonym_class_json,
    vocabulary_for,
)
from indexer.cli.context import Context, emit, pass_context


@click.command(name="synonyms")
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_context
def synonyms_command(obj: Context, text: str | None, as_json: bool) -> None:
    """List the classes of names a search treats as one (ICE = Immigration and Customs
    Enforcement): the shipped list, the home's synonyms.txt and the acronyms the records
    define, each with where it comes from. TEXT lists only the classes with a form that
    holds its words. Exits with 1 when a line of a synonyms file is bad (it is left out
    and named on stderr)."""
    vocabulary = vocabulary_for(obj.store, log_problems=False)
    entries = matching_synonym_classes(vocabulary, text) if text else list(vocabulary.entries)
    data = {
        "home_file": str(obj.home / SYNONYMS_NAME),
        "classes": [synonym_class_json(entry) for entry in entries],
        "problems": list(vocabulary.problems),
    }
    lines = [f"{' = '.join(entry.forms)}  [{entry.source}]" for entry in entries]
    emit(data, as_json, "\n".join(lines) or "no class has a form with these words")
    for problem in vocabulary.problems:
        click.echo(f"problem: {problem}", err=True)
    if vocabulary.problems:
        raise click.exceptions.Exit(1)
