#!/usr/bin/env python3
"""Check Tools/spec/kmip-spec.tsv against the OASIS KMIP XML test vectors.

Usage (from the repository root):

    python3 Tools/spec/check_vectors.py [--tsv Tools/spec/kmip-spec.tsv] [--verbose] \
        ../shared/kmip-vectors

Python 3.11 standard library only.

The XML encoding (KMIP Additional Message Encodings 1.0, 4.1.3) names tags, enumeration
values and mask bits by a normalised CamelCase form of the specification's text.  This
script normalises every name in the table and verifies, for every *.xml file under the
given directory (except the KMIP 3.0 drafts: cosmian-kmip/v3.0, website/kmip-profiles/v3.0):

  * every element name (except the roots KMIP / KmipTestCase and the TTLV element)
    resolves to a tag;
  * the element's `type` attribute (Structure when absent) is among the tag's types;
  * every Enumeration value that is not hex (0x...) or a $PLACEHOLDER resolves within the
    tag's enumeration set (Attribute Value: the set of the tag named by the sibling
    Attribute Name; Attribute Reference / Tag: the 2.x "Tag" set, i.e. tag names);
  * every component of an Integer mask value (space separated) that is not hex, a
    decimal number or a $PLACEHOLDER resolves within the tag's mask set.

It also reports normalised names that are not unique within the tags or within one
enumeration / mask set (two different values with the same CamelCase name).
Names are matched against rows of every version (since/until are not checked).
Exit status 0 when everything resolves, 1 otherwise.
"""
import collections
import os
import re
import sys
import xml.etree.ElementTree as ET

SKIP_DIRS = ('cosmian-kmip/v3.0', 'website/kmip-profiles/v3.0')
ROOTS = {'KMIP', 'KmipTestCase', 'TTLV'}
HERE = os.path.dirname(os.path.abspath(__file__))


def camel(name):
    """KMIP Additional Message Encodings 4.1.3 name normalisation."""
    s = re.sub('[()]', ' ', name)
    s = re.sub(r'\W([A-Za-z][a-z])', r' \1', s)
    words = [re.sub(r'\W', '_', w) for w in s.split()]
    words[0] = re.sub(r'^(\d+)(.*)', r'\2\1', words[0])
    words = [w[0].upper() + w[1:] for w in words]
    return ''.join(words)


def load(tsv):
    tags = collections.defaultdict(list)          # camel -> [row]
    sets = collections.defaultdict(lambda: collections.defaultdict(list))  # set -> camel -> [row]
    with open(tsv, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            row = dict(zip(header, line.rstrip('\n').split('\t')))
            if row['kind'] == 'tag':
                tags[camel(row['name'])].append(row)
            else:
                sets[row['set']][camel(row['name'])].append(row)
    return tags, sets


def collisions(tags, sets):
    out = []
    for c, rows in sorted(tags.items()):
        vals = sorted({r['value'] for r in rows})
        if len(vals) > 1:
            out.append(f'tag {c}: ' + ', '.join(f"{r['value']} {r['name']!r}" for r in rows))
    for s in sorted(sets):
        for c, rows in sorted(sets[s].items()):
            vals = sorted({r['value'] for r in rows})
            if len(vals) > 1:
                out.append(f'{s} {c}: ' + ', '.join(f"{r['value']} {r['name']!r}" for r in rows))
    return out


def read_xml(path):
    with open(path, 'rb') as f:
        data = f.read()
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        pass
    # a few OASIS draft files (kmip-testcases v2.0 cnd01) interleave "# comment"
    # lines with several root elements: drop those lines and wrap in one root
    text = re.sub(rb'(?m)^[ \t]*#.*$', b'', data)
    text = re.sub(rb'^\s*<\?xml[^>]*\?>', b'', text)
    return ET.fromstring(b'<KMIP>' + text + b'</KMIP>')


def vector_files(root):
    for dp, dn, fn in os.walk(root):
        dn.sort()
        rel = os.path.relpath(dp, root).replace(os.sep, '/')
        if any(f'/{d}/' in f'/{rel}/' for d in SKIP_DIRS):
            continue
        for f in sorted(fn):
            if f.endswith('.xml'):
                yield os.path.join(dp, f), f'{rel}/{f}'


def main(argv):
    tsv = os.path.join(HERE, 'kmip-spec.tsv')
    args = []
    verbose = False
    it = iter(argv[1:])
    for a in it:
        if a == '--tsv':
            tsv = next(it)
        elif a == '--verbose':
            verbose = True
        else:
            args.append(a)
    root = args[0] if args else os.path.join(HERE, '..', '..', '..', 'shared', 'kmip-vectors')
    tags, sets = load(tsv)

    problems = collections.defaultdict(set)   # (category, detail) -> files
    counts = collections.Counter()
    parse_errors = []

    def tag_of(elname):
        rows = tags.get(elname)
        return rows

    def set_for_attribute_name(text):
        rows = tags.get(camel(text)) if text else None
        if not rows:
            return None, None
        return rows[-1]['set'], rows[-1]['type'].split('|')

    def check_value(setname, kind, value, where, f, elname):
        if not setname:
            problems[('no set', f'{elname} {kind} value {value!r} (tag has no set)')].add(f)
            return
        comps = value.split() if kind == 'mask' else [value]
        for comp in comps:
            if comp.startswith('$') or re.fullmatch(r'0x[0-9A-Fa-f]+', comp):
                continue
            if kind == 'mask' and re.fullmatch(r'-?\d+', comp):
                continue
            counts[kind + ' names checked'] += 1
            if comp not in sets.get(setname, {}):
                problems[(f'unresolved {kind}', f'{setname}: {comp!r} ({where})')].add(f)

    nfiles = 0
    for path, rel in vector_files(root):
        try:
            tree = read_xml(path)
        except ET.ParseError as e:
            parse_errors.append(f'{rel}: {e}')
            continue
        nfiles += 1
        parents = {c: p for p in tree.iter() for c in p}
        for el in tree.iter():
            name = el.tag
            if name in ROOTS:
                continue
            counts['elements'] += 1
            rows = tag_of(name)
            if not rows:
                problems[('unresolved tag', name)].add(rel)
                continue
            typ = el.get('type', 'Structure')
            types = set()
            for r in rows:
                types.update(r['type'].split('|'))
            if typ not in types:
                problems[('type mismatch', f'{name}: vector type {typ}, table {rows[-1]["type"]}')].add(rel)
            value = el.get('value')
            if value is None:
                continue
            setname = rows[-1]['set']
            if name == 'AttributeValue':
                sib = parents.get(el)
                an = sib.find('AttributeName') if sib is not None else None
                aname = an.get('value') if an is not None else None
                if aname and re.match(r'^[xy]-', aname):
                    continue          # custom attribute
                setname, atypes = set_for_attribute_name(aname)
                if typ == 'Enumeration':
                    check_value(setname, 'enum', value, f'Attribute Name {aname!r}', rel, name)
                elif typ == 'Integer' and setname and setname in sets and not value.lstrip('-').isdigit():
                    check_value(setname, 'mask', value, f'Attribute Name {aname!r}', rel, name)
                continue
            if typ == 'Enumeration':
                check_value(setname, 'enum', value, name, rel, name)
            elif typ == 'Integer' and setname and not re.fullmatch(r'-?\d+', value.strip()):
                check_value(setname, 'mask', value, name, rel, name)

    print(f'{nfiles} vector files checked, {counts["elements"]} elements, '
          f'{counts["enum names checked"]} enumeration names, {counts["mask names checked"]} mask names')
    for e in parse_errors:
        print(f'PARSE ERROR {e}')
    col = collisions(tags, sets)
    print(f'\nCamelCase collisions (same normalised name, different values): {len(col)}')
    for c in col:
        print(f'  {c}')
    by_cat = collections.defaultdict(list)
    for (cat, detail), files in problems.items():
        by_cat[cat].append((detail, files))
    for cat in ('unresolved tag', 'type mismatch', 'unresolved enum', 'unresolved mask', 'no set'):
        items = sorted(by_cat.get(cat, []))
        print(f'\n{cat}: {len(items)}')
        for detail, files in items:
            fl = sorted(files)
            shown = fl if verbose else fl[:3]
            more = '' if len(fl) <= len(shown) else f' ... (+{len(fl) - len(shown)} more)'
            print(f'  {detail}: {len(fl)} file(s): {", ".join(shown)}{more}')
    return 1 if problems or parse_errors or col else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
