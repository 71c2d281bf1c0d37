"""Which layer may import which (../shared/design/layers.md), checked on the source itself,
every import counted (a function's lazy import too; `if TYPE_CHECKING:` blocks are not):

- `cli/` and `web/` call the service: never `store/`, `pipeline`, `assembly`, `workers`,
  `cluster/`, `alerts/` or the events module;
- `analyse/` and `cluster/` are pure: neither `store/` nor `read/` (nor anything above them);
- `read/` builds page models from store rows: no service, pipeline, alerts, cli or web;
- `store/` speaks SQL and knows nothing above it;
- nothing imports `cli/` or `web/` but themselves (and `cli` starts `web`: the entry point);
- no import cycles between modules, but inside store/ (KNOWN_CYCLE_PACKAGES says why).
"""

from __future__ import annotations

import ast
from pathlib import Path

from builders import REPO

SRC = REPO / "src"
PACKAGE = SRC / "babelwire"

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "babelwire.cli": ("babelwire.store", "babelwire.pipeline", "babelwire.assembly",
                      "babelwire.workers", "babelwire.cluster", "babelwire.alerts",
                      "babelwire.events"),
    "babelwire.web": ("babelwire.store", "babelwire.pipeline", "babelwire.assembly",
                      "babelwire.workers", "babelwire.cluster", "babelwire.alerts",
                      "babelwire.events", "babelwire.cli"),
    "babelwire.analyse": ("babelwire.store", "babelwire.read", "babelwire.service",
                          "babelwire.pipeline", "babelwire.alerts", "babelwire.cli",
                          "babelwire.web"),
    "babelwire.encoder": ("babelwire.store", "babelwire.read", "babelwire.service",
                          "babelwire.pipeline", "babelwire.alerts", "babelwire.cli",
                          "babelwire.web"),
    "babelwire.cluster": ("babelwire.store", "babelwire.read", "babelwire.service",
                          "babelwire.pipeline", "babelwire.alerts", "babelwire.cli",
                          "babelwire.web"),
    "babelwire.read": ("babelwire.service", "babelwire.pipeline", "babelwire.alerts",
                       "babelwire.cli", "babelwire.web"),
    "babelwire.store": ("babelwire.read", "babelwire.service", "babelwire.pipeline",
                        "babelwire.alerts", "babelwire.analyse", "babelwire.cluster",
                        "babelwire.cli", "babelwire.web"),
    "babelwire.service": ("babelwire.cli", "babelwire.web"),
    "babelwire.alerts": ("babelwire.cli", "babelwire.web"),
}
# Anything outside cli/ and web/ that imports them breaks "cli and web are the top".
TOP = ("babelwire.cli", "babelwire.web")
# store/base.open_store picks a backend, and each backend (with the query mixins it is made
# of) imports base's types; splitting the opener out of base would move an import in every
# caller of `store.base.open_store`. A cycle inside store/ is the only one allowed.
KNOWN_CYCLE_PACKAGES = ("babelwire.store",)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(name: str) -> set[str]:
    """The babelwire modules `name` imports (a `from package import module` names the
    module), anywhere in its body but in `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("babelwire"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.startswith("babelwire"):
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    found.add(candidate if candidate in MODULES else base)
        stack.extend(ast.iter_child_nodes(node))
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def within(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


def test_layers_import_only_what_is_below_them():
    offenders = []
    for module, imported in sorted(GRAPH.items()):
        for layer, forbidden in FORBIDDEN.items():
            if not within(module, layer):
                continue
            offenders += [f"{module} imports {target}" for target in sorted(imported)
                          if any(within(target, f) for f in forbidden)]
        if not any(within(module, top) for top in TOP):
            offenders += [f"{module} imports {target} (cli/web are the top layer)"
                          for target in sorted(imported) if any(within(target, t) for t in TOP)]
    assert offenders == []


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively: the cycles are the components of more than one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_no_import_cycles():
    cycles = strongly_connected(GRAPH)
    unknown = [sorted(c) for c in cycles
               if not any(all(within(m, known) for m in c) for known in KNOWN_CYCLE_PACKAGES)]
    assert unknown == []


def test_the_checker_finds_a_cycle_and_a_layer_breach():
    """The checks can fail: a made-up graph with a cycle and a web -> store import."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert strongly_connected(graph) == [{"a", "b", "c"}]
    assert within("babelwire.store.base", "babelwire.store")
    assert not within("babelwire.storey", "babelwire.store")


TRAINING = "babelwire.encoder.training"


def imports_torch(name: str) -> bool:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "torch"
                                                for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "torch":
            return True
    return False


def test_torch_is_only_imported_by_the_training_package():
    """torch is an optional extra (`babelwire[train]`): nothing that runs without it may
    import it, directly or through the training modules."""
    assert any(imports_torch(m) for m in MODULES if within(m, TRAINING))  # the check can fire
    outside = sorted(m for m in MODULES if not within(m, TRAINING) and imports_torch(m))
    reaching = sorted(f"{m} imports {t}" for m, targets in GRAPH.items()
                      if not within(m, TRAINING) for t in targets if within(t, TRAINING))
    assert outside == [] and reaching == []
