"""Notebook parameters given on the command line (``-p NAME=VALUE``): parsed, checked against the notebooks'
``parameters`` cells (names and kinds) before any kernel starts, and shared out among the selected notebooks."""

import ast
import json
import math
from pathlib import Path

from analysis import case
from analysis.data.errors import UserError
from analysis.pages import checks


def parse_parameter(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` with VALUE read as JSON when it parses (numbers, lists), else as a string."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise UserError(f"parameter {text!r} must look like NAME=VALUE")
    if len(value) > 10_000:
        raise UserError(f"parameter {name.strip()} is {len(value)} characters long; the limit is 10,000")
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        return name.strip(), value
    except RecursionError:
        raise UserError(f"parameter {name.strip()} is nested too deeply") from None
    _check_finite(name.strip(), parsed)
    return name.strip(), parsed


def _check_finite(name: str, value: object, depth: int = 0) -> None:
    """Numbers in a parameter must be finite (JSON lets NaN and Infinity through); nesting at most 3 deep."""
    if depth > 3:
        raise UserError(f"parameter {name} is nested too deeply (at most a list of lists)")
    if isinstance(value, float) and not math.isfinite(value):
        raise UserError(f"parameter {name} must be a finite number, got {value}")
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for item in items:
        _check_finite(name, item, depth + 1)


def _kind(value: object) -> str:
    """The kind of a parameter value, as a user would name it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def notebook_defaults(path: Path) -> dict:
    """The default values of a notebook's ``parameters`` cell, read as Python literals in which ``case.NAME`` stands
    for that value of :mod:`analysis.case` (a tuple there is a list here, as papermill would pass it)."""
    import papermill

    return {name: default_value(p["default"]) for name, p in papermill.inspect_notebook(str(path)).items()}


class _CaseNames(ast.NodeTransformer):
    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if (
            isinstance(node.value, ast.Name)
            and node.value.id == "case"
            and node.attr.isupper()
            and hasattr(case, node.attr)
        ):
            return ast.Constant(getattr(case, node.attr))
        return node


def default_value(text: str) -> object:
    """A parameter's default from its source text: a literal, or ``case.NAME`` anywhere a literal may stand."""
    tree = _CaseNames().visit(ast.parse(text, mode="eval"))
    value = ast.literal_eval(tree)
    return json.loads(json.dumps(value))  # tuples as lists, as papermill passes values


def check_types(path: Path, parameters: dict, defaults: dict | None = None) -> None:
    """Each parameter must be of the kind of the notebook's default (a number for a number, a list for a list):
    checked before a kernel starts, so a wrong value is one line, not a failure deep inside the notebook."""
    defaults = notebook_defaults(path) if defaults is None else defaults
    for name, value in parameters.items():
        want, got = _kind(defaults[name]), _kind(value)
        if want != got:
            raise UserError(
                f"parameter {name} of {path.stem} takes a {want} like {json.dumps(defaults[name])}, got {got} "
                f"{json.dumps(value)[:60]}"
            )


def split(sources: list[Path], parameters: dict) -> dict[Path, dict]:
    """Each notebook's share of ``parameters``; an error for a name that no selected notebook takes."""
    defaults = {path: notebook_defaults(path) for path in sources} if parameters else {path: {} for path in sources}
    names = {path: set(d) for path, d in defaults.items()}
    unknown = sorted(set(parameters) - set().union(*names.values()))
    if unknown:
        known = "; ".join(f"{p.stem}: {', '.join(sorted(n))}" for p, n in names.items())
        raise UserError(f"no selected notebook takes parameter(s) {', '.join(unknown)} ({known})")
    shares = {path: {k: v for k, v in parameters.items() if k in names[path]} for path in sources}
    for path, share in shares.items():
        if share:
            check_types(path, share, defaults[path])
            checks.check(path.stem, {**defaults[path], **share})
    return shares
