#!/usr/bin/env python3
"""The layers of src/, kept: no include or call goes up or sideways.

    layers.py SOURCE_ROOT BUILD_ROOT     check the tree and the built library
    layers.py --self-test                show that an upward include and an
                                         upward call are caught

Each folder of src/ is a layer, in the order of the data flow:

    base <- text <- {rules, doc} <- {match, extract, fetch} <- attrib
         <- claims <- store <- cli

A file may use its own folder and the folders below its own; folders of the
same rank are sideways to each other and may not use each other. The
report writers (report/) need claimtrack/report.h and base only; the store
builds the report's types. The public API is one header per layer in
include/claimtrack/ (error.h and common.h are base's), held to the same
order; the umbrella claimtrack/claimtrack.h is for the CLI, which includes
nothing else but base/.

Three things are read: the #include lines of every file in src/ (a header
is named from src/, "store/store_internal.h"), those of the public headers
in include/claimtrack/, and the symbols each object of
libclaimtrack.a takes from the others (nm): a call from a file to a
function of a layer above it is an error even when no header shows it.
Within a folder, files must not call each other in a circle. Prints what
is wrong, one line each, and exits 1; else a summary and 0.
"""
import os
import re
import subprocess
import sys
import tempfile

RANK = {"base": 0, "text": 1, "rules": 2, "doc": 2, "match": 3, "extract": 3,
        "fetch": 3, "attrib": 4, "claims": 5, "store": 6, "report": 7, "cli": 8}

# The public headers (include/claimtrack/), each of one layer. The umbrella
# claimtrack/claimtrack.h is for the CLI and programs outside the library.
PUBLIC = {"error": "base", "common": "base", "text": "text", "rules": "rules", "doc": "doc",
          "match": "match", "extract": "extract", "fetch": "fetch", "attrib": "attrib",
          "claims": "claims", "report": "report", "store": "store",
          "similar": "store"}
UMBRELLA = "claimtrack/claimtrack.h"


def may_use(user, used):
    """Whether a file of layer `user` may use layer `used`."""
    if used == user:
        return True
    if user == "report":
        return used == "base"
    if user == "cli":
        return used == "base"           # besides claimtrack.h, for includes
    if used == "report":
        return user == "store"          # the store builds the report's types
    return RANK[used] < RANK[user]


def layer_of(path):
    """The layer of a path under src/ ("store/store.c"), or None."""
    first = path.split("/", 1)[0]
    return first if first in RANK and "/" in path else None


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def public_layer(name):
    """The layer of a public header ("claimtrack/store.h"), or None."""
    m = re.match(r"claimtrack/(\w+)\.h$", name)
    return PUBLIC.get(m.group(1)) if m else None


def check_public(include):
    """The public headers include only public headers of their layer and below."""
    problems, n = [], 0
    folder = os.path.join(include, "claimtrack")
    if not os.path.isdir(folder):
        return problems, n
    for f in sorted(os.listdir(folder)):
        name = "claimtrack/" + f
        user = public_layer(name)
        text = open(os.path.join(folder, f), encoding="utf-8").read()
        for m in INCLUDE.finditer(text):
            n += 1
            used = public_layer(m.group(1))
            if name == UMBRELLA and used:
                continue
            if used is None:
                problems.append("include/%s: includes '%s', not a public header" % (name, m.group(1)))
            elif user is None or not may_use(user, used):
                problems.append("include/%s: includes '%s': %s may not use %s" %
                                (name, m.group(1), user, used))
    return problems, n


def check_includes(src):
    problems, n = [], 0
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith((".c", ".h")):
                continue
            path = os.path.relpath(os.path.join(root, f), src)
            user = layer_of(path)
            if user is None:
                continue
            text = open(os.path.join(src, path), encoding="utf-8").read()
            for m in INCLUDE.finditer(text):
                name = m.group(1)
                n += 1
                if name == "claimtrack.h":
                    continue
                if name == UMBRELLA:
                    if user != "cli":
                        problems.append("%s: includes '%s'; the library names the area headers "
                                        "it uses (claimtrack/store.h, ...)" % (path, name))
                    continue
                if public_layer(name):
                    if not may_use(user, public_layer(name)):
                        problems.append("%s: includes '%s': %s may not use %s" %
                                        (path, name, user, public_layer(name)))
                    continue
                if "/" not in name:
                    # A header of the file's own folder, named as in it.
                    if os.path.exists(os.path.join(src, os.path.dirname(path), name)):
                        continue
                    problems.append("%s: includes '%s', which is not named from src/" %
                                    (path, name))
                    continue
                used = layer_of(name)
                if used is None or not os.path.exists(os.path.join(src, name)):
                    problems.append("%s: includes '%s', no header of a layer" % (path, name))
                elif not may_use(user, used):
                    problems.append("%s: includes '%s': %s may not use %s" %
                                    (path, name, user, used))
    return problems, n


def object_sources(src):
    """Object member name ("src_store_store.c.o") -> source path under src/."""
    out = {}
    for root, _, files in os.walk(src):
        for f in files:
            if f.endswith(".c"):
                path = os.path.relpath(os.path.join(root, f), src)
                out["src_" + path.replace("/", "_") + ".o"] = path
    return out


def symbols(archive):
    """{member: (defined, undefined)} of a static library, by nm."""
    out = subprocess.run(["nm", "-P", "-A", archive], capture_output=True, text=True,
                         check=True).stdout
    table = {}
    for line in out.splitlines():
        m = re.match(r"^.*\[(?:.*/)?([^/\]]+)\]: (\S+) (\S)", line)
        if not m:
            continue
        member, name, kind = m.groups()
        d, u = table.setdefault(member, (set(), set()))
        if kind == "U":
            u.add(name)
        elif kind.isupper():
            d.add(name)
    return table


def check_calls(src, archive):
    sources = object_sources(src)
    table = symbols(archive)
    defined = {}
    for member, (d, _) in table.items():
        for name in d:
            defined[name] = member
    problems, edges = [], {}
    for member, (_, u) in sorted(table.items()):
        if member not in sources:
            continue                    # generated data (cues, migrations)
        path = sources[member]
        for name in sorted(u):
            other = defined.get(name)
            if not other or other == member or other not in sources:
                continue
            to = sources[other]
            edges.setdefault(path, {}).setdefault(to, []).append(name)
    for path, tos in sorted(edges.items()):
        for to, names in sorted(tos.items()):
            if not may_use(layer_of(path), layer_of(to)):
                problems.append("%s calls %s in %s: %s may not use %s" %
                                (path, ", ".join(names[:4]), to, layer_of(path), layer_of(to)))
    problems += circles(edges)
    return problems, sum(len(t) for t in edges.values())


def circles(edges):
    """Files that call each other in a circle (Tarjan's components)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append("files that call each other in a circle: " + ", ".join(sorted(comp)))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def self_test():
    """An upward include and an upward call in a tree of two files are caught."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "src")
        os.makedirs(os.path.join(src, "base"))
        os.makedirs(os.path.join(src, "store"))
        with open(os.path.join(src, "store", "store_internal.h"), "w") as f:
            f.write("int ct_store_thing(void);\n")
        with open(os.path.join(src, "store", "store.c"), "w") as f:
            f.write('#include "store/store_internal.h"\nint ct_store_thing(void) { return 1; }\n')
        with open(os.path.join(src, "base", "util.c"), "w") as f:
            f.write('#include "store/store_internal.h"\nint ct_base(void) { return ct_store_thing(); }\n')
        problems, _ = check_includes(src)
        assert any("base/util.c: includes 'store/store_internal.h'" in p for p in problems), problems
        with open(os.path.join(src, "base", "upward.h"), "w") as f:
            f.write('#include "claimtrack/store.h"\n')
        problems, _ = check_includes(src)
        assert any("base/upward.h: includes 'claimtrack/store.h': base may not use store" in p
                   for p in problems), problems
        os.remove(os.path.join(src, "base", "upward.h"))
        os.makedirs(os.path.join(d, "include", "claimtrack"))
        with open(os.path.join(d, "include", "claimtrack", "text.h"), "w") as f:
            f.write('#include "claimtrack/attrib.h"\n')
        problems, _ = check_public(os.path.join(d, "include"))
        assert any("include/claimtrack/text.h: includes 'claimtrack/attrib.h'" in p
                   for p in problems), problems
        objs = []
        for path in ("base/util.c", "store/store.c"):
            obj = os.path.join(d, "src_" + path.replace("/", "_") + ".o")
            subprocess.run(["cc", "-c", "-I", src, os.path.join(src, path), "-o", obj], check=True)
            objs.append(obj)
        archive = os.path.join(d, "lib.a")
        subprocess.run(["ar", "rcs", archive] + objs, check=True)
        problems, _ = check_calls(src, archive)
        assert any(p.startswith("base/util.c calls ct_store_thing in store/store.c") for p in problems), \
            problems
    print("layers: the self-test caught upward includes (private and public) and an upward call")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if len(argv) != 3:
        sys.exit(__doc__)
    src = os.path.join(argv[1], "src")
    archive = os.path.join(argv[2], "libclaimtrack.a")
    problems, n_includes = check_includes(src)
    public_problems, n_public = check_public(os.path.join(argv[1], "include"))
    problems += public_problems
    n_includes += n_public
    call_problems, n_edges = check_calls(src, archive)
    problems += call_problems
    for p in problems:
        print("layers: " + p)
    if problems:
        print("layers: %d problems" % len(problems))
        return 1
    print("layers: ok (%d includes, %d calls between files, no cycles)" % (n_includes, n_edges))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
