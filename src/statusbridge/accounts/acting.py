"""``--by USERNAME`` for any command that acts for a person, checked by the one policy.

Usage (below ``@group.command`` and its arguments, above ``@handled``)::

    @cases.command("determine")
    @click.argument("case_number")
    @acting_for(Action.DETERMINE_CASE, lambda case_number, **_: case_target(case_number),
                required=True, pass_by=True)
    @handled
    def determine(case_number: str, by: str, ...) -> None: ...

``target`` receives the command's parameters and names the object acted on. Without ``--by``
(unless ``required``) the command runs as the operator at the shell, as before. With it, a user
who does not exist, is disabled, or lacks the right is refused before the command runs: exit
status 1, one line, nothing changed; the check, either way, is in the staff audit trail.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from statusbridge.command import Failure, setup_django

F = TypeVar("F", bound=Callable[..., Any])

BY_HELP = "The person this is done for; refused unless their role and agency allow it."


def acting_for(
    action: Any,
    target: Callable[..., Any],
    *,
    required: bool = False,
    pass_by: bool = False,
) -> Callable[[F], F]:
    """Add ``--by USERNAME`` and check it with ``policy.require`` before the command runs."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def command(*args: Any, by: str | None, **kwargs: Any) -> Any:
            if by is not None:
                check(by, action, target, kwargs)
            if pass_by:
                kwargs["by"] = by
            return func(*args, **kwargs)

        # What the command needs, for a test that enumerates every command and its action.
        command.policy_action = action  # type: ignore[attr-defined]
        command.__click_params__ = list(getattr(func, "__click_params__", []))  # type: ignore[attr-defined]
        return click.option("--by", "by", metavar="USERNAME", required=required, help=BY_HELP)(
            command
        )  # type: ignore[return-value]

    return decorate


def check(by: str, action: Any, target: Callable[..., Any], params: dict[str, Any]) -> None:
    """Refuse with one line unless BY may do ACTION to the target the parameters name."""
    setup_django()
    from statusbridge.accounts.policy import Forbidden, actor_named, require

    try:
        require(actor_named(by), action, target(**params), via="cli")
    except Forbidden as exc:
        raise Failure(f"refused: {exc}") from exc
    except (LookupError, ValueError) as exc:  # the object the command names does not exist
        raise Failure(str(exc.args[0]) if exc.args else str(exc)) from exc
