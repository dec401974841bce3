#!/usr/bin/env python3
"""Checks that tokqual.h documents every function above its declaration, zstd-style.

For each `TQ_API` declaration, the doc comment is the nearest comment above it, with
only blank lines or other declarations of the same family in between (the _f32 / _f64
pair shares one comment). That comment must name the function (or its family, as in
"tq_label_quality_scores_f32 / _f64()"), mention every parameter by name (alone, in a
range "first ... last", or by adopting another function's with "as for tq_x" / "see
tq_x" / "as tq_x", tq_x_* for a family), and, for
functions returning tq_status, say which statuses they return (a TQ_ERR_ name, TQ_OK or
an "Errors:" line). Free-standing comments of the function's section (an introduction,
"The functions below ..." paragraphs) count as shared documentation. Every field of a typedef'd struct must carry a comment too.

    check_header_docs.py tokqual.h
Prints one line per problem and exits 1 if there is any.
"""
import re
import sys


# How a comment says which statuses a function returns.
STATUS_DOC = r"TQ_ERR_\w+|Errors:|\bTQ_OK\b"


def declarations(text):
    """Yields (first line, last line, return type, name, parameter names) for each TQ_API
    function; the return type is None when the declaration cannot be parsed."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("TQ_API"):
            start = i
            decl = lines[i]
            while ";" not in decl and i + 1 < len(lines):
                i += 1
                decl += " " + lines[i]
            match = re.match(r"TQ_API\s+(.*?)\b(tq_\w+)\s*\((.*)\)\s*;", decl)
            if match is None:
                yield start, i, None, decl, []
            else:
                params = []
                for param in match.group(3).split(","):
                    param = param.strip()
                    if param not in ("", "void"):
                        params.append(re.findall(r"\w+", param)[-1])
                yield start, i, match.group(1).strip(), match.group(2), params
        i += 1


def doc_comment_above(lines, index, declaration_starts):
    """The comment block that documents the declaration starting at lines[index]: the
    nearest comment above it with only blank lines and earlier declarations between."""
    i = index - 1
    while i >= 0:
        if lines[i].strip() == "":
            i -= 1
        elif i in declaration_starts:  # the last line of an earlier declaration
            i = declaration_starts[i] - 1
        else:
            break
    if i < 0 or not lines[i].rstrip().endswith("*/"):
        return None
    end = i
    while i >= 0 and "/*" not in lines[i]:
        i -= 1
    return "\n".join(lines[i:end + 1])


def fields_without_comment(body):
    """The member declarations of a struct body that have no comment on their line, no
    comment of their own (one on lines without code) just above, and none starting on
    the line below."""
    missing = []
    in_comment = False
    standalone = False           # the current comment began on a line without code
    documented_by_above = False  # a standalone comment ended on the previous line
    pending = None               # a field without a comment yet: the next line may hold it
    for line in body.splitlines():
        code, has_comment, rest = "", False, line
        while rest:
            if in_comment:
                end = rest.find("*/")
                if end < 0:
                    rest = ""
                else:
                    in_comment = False
                    rest = rest[end + 2:]
            else:
                begin = rest.find("/*")
                if begin < 0:
                    code += rest
                    rest = ""
                else:
                    code += rest[:begin]
                    has_comment = True
                    in_comment = True
                    standalone = code.strip() == ""
                    rest = rest[begin + 2:]
        code = code.strip()
        if pending is not None:
            # A field whose comment starts on the next line, indented under it.
            if not (has_comment and not code):
                missing.append(pending)
            pending = None
        if code and not has_comment and not documented_by_above:
            pending = code
        documented_by_above = not code and standalone and not in_comment and \
            line.rstrip().endswith("*/")
    if pending is not None:
        missing.append(pending)
    return missing


def shared_comments(lines, index):
    """The free-standing comments of the section (between two "/* ====" banner lines)
    above lines[index]: comments not directly followed by a declaration, a typedef or a
    #define, such as a section's introduction or "The functions below ..." paragraphs.
    They document what several functions share."""
    begin = index
    while begin > 0 and not lines[begin - 1].startswith("/* ===="):
        begin -= 1
    shared = []
    i = begin
    while i < index:
        if lines[i].lstrip().startswith("/*") and not lines[i].startswith("/* ===="):
            start = i
            while "*/" not in lines[i]:
                i += 1
            block = "\n".join(lines[start:i + 1])
            following = i + 1
            while following < len(lines) and lines[following].strip() == "":
                following += 1
            next_line = lines[following] if following < len(lines) else ""
            if following > i + 1 or not re.match(r"(TQ_API|typedef|#\s*define)", next_line):
                shared.append(block)
        i += 1
    return "\n".join(shared)


def directly_documented(doc, params):
    """The parameters the comment names: literally, or inside a range "first ... last"
    of parameters written in declaration order."""
    named = {p for p in params if re.search(r"\b" + re.escape(p) + r"\b", doc)}
    for first, last in re.findall(r"\b(\w+) \.\.\. (\w+)\b", doc):
        if first in params and last in params:
            begin, end = params.index(first), params.index(last)
            named.update(params[begin:end + 1])
    return named


def referenced_functions(doc, all_names):
    """Functions whose arguments the comment adopts: "as for tq_x", "as tq_x",
    "see tq_x", with tq_x_* standing for the family."""
    found = set()
    for base, family in re.findall(r"\b(?:as for|as|see) (tq_[a-z0-9_]*[a-z0-9])(_\*)?", doc):
        if family:
            found.update(n for n in all_names if n.startswith(base + "_"))
        elif base in all_names:
            found.add(base)
    return found


def main(path):
    text = open(path, encoding="utf-8").read()
    lines = text.splitlines()
    problems = []
    found = list(declarations(text))
    declaration_starts = {last: first for first, last, _, _, _ in found}
    functions = {}  # name -> (return type, parameters, doc comment or None)
    for index, _, return_type, name, params in found:
        if return_type is None:
            problems.append(f"line {index + 1}: cannot parse declaration: {name}")
            continue
        doc = doc_comment_above(lines, index, declaration_starts)
        functions[name] = (return_type, params, doc,
                           (doc or "") + "\n" + shared_comments(lines, index))

    # Parameters documented directly, then those adopted from referenced functions.
    documented = {name: directly_documented(context, params)
                  for name, (_, params, _, context) in functions.items()}
    changed = True
    while changed:
        changed = False
        for name, (_, params, doc, _) in functions.items():
            for other in referenced_functions(doc or "", functions):
                adopted = documented[other] & set(params) - documented[name]
                if adopted:
                    documented[name] |= adopted
                    changed = True

    for name, (return_type, params, doc, context) in functions.items():
        if doc is None:
            problems.append(f"{name}: no doc comment above the declaration")
            continue
        stem, _, suffix = name.rpartition("_")
        family_named = re.search(r"\b" + re.escape(stem) + r"_\w+", doc) and \
            re.search(r"\b_" + re.escape(suffix) + r"\b|\b" + re.escape(name) + r"\b", doc)
        if not re.search(r"\b" + re.escape(name) + r"\b", doc) and not family_named:
            problems.append(f"{name}: the comment above does not name the function")
        for param in params:
            if param not in documented[name]:
                problems.append(f"{name}: parameter '{param}' is not documented")
        if return_type == "tq_status" and not re.search(STATUS_DOC, context) \
                and not any(re.search(STATUS_DOC, functions[other][2] or "")
                            for other in referenced_functions(doc, functions)):
            problems.append(f"{name}: the statuses it returns are not documented")

    # Every struct field carries a comment (on its line, or just above it).
    for block in re.finditer(r"typedef struct (\w+) \{(.*?)\} \1;", text, re.S):
        for field in fields_without_comment(block.group(2)):
            problems.append(f"{block.group(1)}: field '{field}' has no comment")

    for problem in problems:
        print(problem)
    print(f"{path}: {len(functions)} functions checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
