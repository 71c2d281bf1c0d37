"""A command group that imports a command's module only when that command runs.

`babelwire --help` (and every command from cron or a script) would otherwise import what every
other command needs: HTTP, the web app, the evaluation code. The group's help lists such a
command by the first sentence of its help given here; tests/test_cli_startup.py checks that
it matches the command's own.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from babelwire.cli.common import BabelwireGroup


class LazyGroup(BabelwireGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, tuple[str, str]] = {}  # name -> ("module:attribute", help)

    def add_lazy_command(self, name: str, target: str, short_help: str) -> None:
        self.lazy_commands[name] = (target, short_help)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            self.add_command(self.load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def load(self, name: str) -> click.Command:
        module, attribute = self.lazy_commands[name][0].split(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module}:{attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's, but a command not imported yet shows the short help given for it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy_commands and name not in self.commands:
                # click's own shortening, applied to the help given for the command
                shown = click.Command(name, help=self.lazy_commands[name][1])
                rows.append((name, shown.get_short_help_str(limit)))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
