"""The command line's answer to a library error: one `Error: ...` line and an exit code."""

from __future__ import annotations

from typing import Any

import click

from indexer import (
    CATEGORIES,
    FoiaError,
)

# The exit code of each FoiaError category. Every category exits with 1, as `foia` always
# has (click's own usage errors exit with 2); a category that needs its own code gets it here.
EXIT_CODES = dict.fromkeys(CATEGORIES, 1)


def cli_error(error: FoiaError | FileNotFoundError) -> click.ClickException:
    """The error as the one line click prints after `Error: `, with its category's exit code."""
    message = " ".join(str(error).splitlines()) or type(error).__name__
    answer = click.ClickException(message)
    if isinstance(error, FoiaError):
        # click declares exit_code a ClassVar; an instance's own code is what main() exits with
        answer.exit_code = EXIT_CODES.get(error.category, 1)  # type: ignore[misc]
    return answer


class FoiaGroup(click.Group):
    """The `foia` group: a library error from any of its commands (or their subcommands)
    ends the run with `cli_error`, never a traceback. A path that vanished before the
    library read it (FileNotFoundError) is answered the same way, and so is a number too
    large for SQLite (`foia undo 9223372036854775808`: OverflowError)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (FoiaError, FileNotFoundError) as error:
            raise cli_error(error) from None
        except OverflowError as error:
            raise click.ClickException(f"a number is out of range ({error})") from None
