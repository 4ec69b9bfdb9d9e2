#!/usr/bin/env python3
"""Extract every KMIP tag, enumeration value and mask bit from the OASIS KMIP
specification HTML (versions 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1) into one TSV.

Usage (from the repository root):

    python3 Tools/spec/extract.py ../shared/reference/kmip-spec/html > Tools/spec/kmip-spec.tsv

Optional flags:
    --report      print a per-version summary and diagnostics to stderr
    --dump-types  print to stdout, instead of the TSV, each tag with the types and
                  enumeration set derived from the HTML, before the overrides

Python 3.11 standard library only.  The input directory must contain the published
files kmip-spec-1.0-os.html, kmip-spec-v1.1-os.html, ... kmip-spec-v2.1-os.html
(windows-1252 encoded Word HTML).

Output columns (tab separated, first line is the header):
    kind  set  name  value  type  since  until  section

Where the data come from:
  * tags: 1.x section 9.1.3.1 "Tags" (Table "Tag Values"); 2.x section 11.x
    "Tag Enumeration".  "(Reserved)"/"Reserved"/"(Unused)"/"Extensions" rows and
    ranges are left out.  Suffixes such as "(deprecated)" are dropped from values.
  * enumerations: 1.x 9.1.3.2.x, 2.x 11.x (every "... Enumeration" heading; the set
    name is the heading without the word "Enumeration" and what follows it).
    "Extensions 8XXXXXXX" and "(Reserved)" rows are left out.  In 2.x the Tag
    Enumeration (11.54 / 11.56) is also emitted as enum set "Tag" (values 0x00420001
    ...), because Attribute Reference is "Enumeration (Tag)" in 2.x.
  * masks: 1.x 9.1.3.3.x, 2.x 12.x.
  * tag types: from every table with an "Encoding" column (object, attribute and
    structure definitions) in every version that contains the tag; the union of
    the types over those versions, the most frequent first.  Enumeration sets come
    from "Enumeration, see 9.1.3.2.N" references (1.x), "Enumeration (X)" (2.x) or
    an enumeration with the same name as the tag.  Hand corrections that the HTML
    cannot give (fields only described in operation payload tables, "Varies", wrong
    or missing references) come from tag-types.tsv beside this script (columns name,
    type, set, note, optional section).
  * extra-rows.tsv beside this script adds rows the HTML cannot give: the PKCS#11
    Function and Return Code values, which the spec defines by reference to PKCS#11,
    and 'alias' rows (spellings of OASIS test cases, accepted when reading only).  Tags whose types cannot be found at all, and
    Enumeration tags without a set, are listed by --report.
  * names: table cell text with whitespace collapsed, typographic quotes/dashes/nbsp
    made ASCII, superscripts written with '^' (GF(2<sup>16</sup>) -> "GF(2^16)", as
    the XML encoding's normalised names expect); 2.0's "(PGP" typo is read as "PGP".
  * since/until: the first version whose tables contain the (value, name) row, and
    the first later version whose tables no longer contain it (empty: still in 2.1).
    A row that disappears and comes back is given the first "since" and the last
    "until" and is reported with --report.
  * section: for enum/mask rows the section of the enumeration/mask table in the
    latest version containing the row; for tag rows the section that defines the
    object/attribute/structure (heading with the tag's name, else the structure
    table whose first row is the tag, else the first table listing it as a field),
    else the tag table section.
"""
import collections
import html.parser
import os
import re
import sys

VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '2.0', '2.1']
FILES = {v: ('kmip-spec-1.0-os.html' if v == '1.0' else f'kmip-spec-v{v}-os.html') for v in VERSIONS}
TYPES = ['Structure', 'Integer', 'LongInteger', 'BigInteger', 'Enumeration', 'Boolean',
         'TextString', 'ByteString', 'DateTime', 'Interval', 'DateTimeExtended']
HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------- HTML

WS = re.compile(r'\s+')
TRANS = {'\u00a0': ' ', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"',
         '\u2013': '-', '\u2014': '-', '\u2011': '-', '\u2010': '-', '\u00ad': '',
         '\u200b': '', '\u2212': '-'}


def norm(s):
    for k, v in TRANS.items():
        s = s.replace(k, v)
    return WS.sub(' ', s).strip()


class Blocks(html.parser.HTMLParser):
    """Flattens Word HTML into ('h', level, text), ('p', class, text) and
    ('table', rows) blocks; a table cell is a string whose lines are the cell's
    paragraphs (None pads colspan)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.buf = None
        self.kind = None
        self.tables = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ('style', 'script'):
            self.skip += 1
            return
        if tag == 'table':
            self.tables.append({'rows': [], 'cell': None, 'row': None, 'span': (1, 1)})
        elif tag == 'tr' and self.tables:
            self.tables[-1]['row'] = []
        elif tag in ('td', 'th') and self.tables:
            t = self.tables[-1]
            t['cell'] = []
            try:
                t['span'] = (int(a.get('colspan') or 1), int(a.get('rowspan') or 1))
            except ValueError:
                t['span'] = (1, 1)
        elif re.fullmatch(r'h[1-6]', tag) and not self.tables:
            self.kind = ('h', int(tag[1]))
            self.buf = []
        elif tag == 'p' and not self.tables:
            self.kind = ('p', a.get('class', ''))
            self.buf = []
        elif tag == 'br':
            self._data('\n')
        elif tag == 'sup':
            self._data('^')  # 2<sup>16</sup> -> 2^16 (as the XML encoding names do)
        if tag == 'p' and self.tables and self.tables[-1]['cell']:
            self.tables[-1]['cell'].append('\n')

    def handle_endtag(self, tag):
        if tag in ('style', 'script'):
            self.skip -= 1
            return
        if tag == 'table' and self.tables:
            t = self.tables.pop()
            if self.tables and self.tables[-1]['cell'] is not None:
                self.tables[-1]['cell'].append(' '.join(' '.join(c or '' for c in r) for r in t['rows']))
            else:
                self.blocks.append(('table', t['rows']))
        elif tag == 'tr' and self.tables:
            t = self.tables[-1]
            if t['row'] is not None:
                t['rows'].append(t['row'])
                t['row'] = None
        elif tag in ('td', 'th') and self.tables:
            t = self.tables[-1]
            if t['cell'] is not None and t['row'] is not None:
                lines = [norm(x) for x in ''.join(t['cell']).split('\n')]
                t['row'].append('\n'.join(x for x in lines if x))
                t['row'].extend([None] * (t['span'][0] - 1))
            t['cell'] = None
        elif self.kind and ((self.kind[0] == 'h' and tag == f'h{self.kind[1]}') or
                            (self.kind[0] == 'p' and tag == 'p')):
            self.blocks.append((self.kind[0], self.kind[1], norm(''.join(self.buf))))
            self.kind = None
            self.buf = None

    def _data(self, d):
        if self.skip:
            return
        if self.tables and self.tables[-1]['cell'] is not None:
            self.tables[-1]['cell'].append(d)
        elif self.buf is not None:
            self.buf.append(d)

    def handle_data(self, d):
        self._data(d)


def parse_html(path):
    p = Blocks()
    with open(path, encoding='cp1252', errors='replace') as f:
        p.feed(f.read())
    p.close()
    out = []
    cur = ('', '')
    for b in p.blocks:
        if b[0] == 'h':
            m = re.match(r'^([0-9]+(?:\.[0-9]+)*)\s+(.*)$', b[2])
            cur = (m.group(1), m.group(2)) if m else ('', b[2])
        out.append((cur, b))
    return out


def cell(c):
    """A table cell as one line: its paragraphs joined by single spaces."""
    return ' '.join((c or '').split('\n')).strip()


# ----------------------------------------------------------------------------- spec

HEXVAL = re.compile(r'^(?:0x)?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})(?:\s*\(.*\))?$')
SKIP_NAMES = re.compile(r'^\(?(reserved|unused)\)?$|^extensions$', re.I)


def key(name):
    """Loose comparison key for names in encoding tables."""
    return re.sub(r'[^a-z0-9#]+', ' ', name.lower()).strip()


TYPE_WORDS = [
    ('DateTimeExtended', r'date[- ]?time[- ]extended'),
    ('DateTime', r'date[- ]?time(?![- ]extended)'),
    ('BigInteger', r'big[- ]?integer'),
    ('LongInteger', r'long[- ]?integer'),
    ('Integer', r'integer'),
    ('Enumeration', r'enumeration'),
    ('Boolean', r'boolean'),
    ('TextString', r'text[- ]?string'),
    ('ByteString', r'byte[- ]?string'),
    ('Interval', r'interval'),
    ('Structure', r'structure|attribute object|rng parameters'),
]


def enc_types(text):
    """Item types named in an encoding cell, in order of appearance."""
    t = text.lower()
    if re.match(r'^(varies|any)\b', t):
        return []
    found = []
    for name, rx in TYPE_WORDS:
        for m in re.finditer(rx, t):
            # "Integer" preceded by "Big " / "Long " is handled by the other entries
            if name == 'Integer' and re.search(r'(big|long)[- ]?$', t[:m.start()]):
                continue
            found.append((m.start(), name))
    found.sort()
    out = []
    for _, n in found:
        if n not in out:
            out.append(n)
    return out


class Spec:
    def __init__(self, version, path):
        self.v = version
        self.blocks = parse_html(path)
        self.tags = []          # (value int, name, section)
        self.enums = collections.OrderedDict()   # set -> [(name, value int, section)]
        self.masks = collections.OrderedDict()
        self.enum_sections = {}  # section number -> set name
        self.mask_sections = {}
        self.enc = []           # (name, encoding text, section, is_definition_row)
        self.headings = []      # (number, title)
        self.fields = []        # (name, section) first column of any other table
        self.tag_section = ''
        self.xref = []          # 1.x Tag Cross-reference rows, like enc
        self._extract()

    def _extract(self):
        one = self.v.startswith('1.')
        seen_h = set()
        for (num, title), b in self.blocks:
            if b[0] == 'h':
                if (num, title) not in seen_h:
                    seen_h.add((num, title))
                    self.headings.append((num, title))
                    if re.search(r'\bEnumerations?\b', title) and title != 'Tag Enumeration' and \
                            (num.startswith('9.1.3.2.') if one else num.startswith('11.')):
                        sname = re.sub(r'\s+Enumerations?\b.*$', '', title).strip()
                        self.enum_sections[num] = sname
                        self.enums.setdefault(sname, [])
                continue
            if b[0] != 'table':
                continue
            rows = b[1]
            if one:
                istag = num == '9.1.3.1'
                isenum = num.startswith('9.1.3.2.')
                ismask = num.startswith('9.1.3.3.')
            else:
                istag = bool(re.fullmatch(r'Tag Enumeration', title)) and num.startswith('11.')
                isenum = num.startswith('11.') and not istag
                ismask = num.startswith('12.')
            if istag or isenum or ismask:
                vals = []
                for r in rows:
                    cells = [c for c in r if c is not None]
                    if len(cells) < 2:
                        continue
                    name = cell(cells[0])
                    if name.startswith('(') and ')' not in name:
                        name = name[1:]  # 2.0 11.9 prints "(PGP"
                    m = HEXVAL.match(cell(cells[1]))
                    if not m or SKIP_NAMES.match(name):
                        continue
                    vals.append((name, int(m.group(1), 16), num))
                if istag:
                    self.tag_section = num
                    self.tags.extend(vals)
                    continue
                if isenum:
                    sname = re.sub(r'\s+Enumerations?\b.*$', '', title).strip()
                    self.enum_sections[num] = sname
                    d = self.enums
                else:
                    sname = title.strip()
                    self.mask_sections[num] = sname
                    d = self.masks
                d.setdefault(sname, []).extend(vals)
                continue
            self._encoding_table(num, title, rows)

    def _encoding_table(self, num, title, rows):
        head = [cell(c) for c in rows[0]] if rows else []
        if head[:3] == ['Object', 'Defined', 'Type']:
            # 1.x appendix "Tag Cross-reference" (not normative): type and the
            # section defining the tag (9.1.3.2.N gives the enumeration)
            for r in rows[1:]:
                if len(r) < 3 or not r[0]:
                    continue
                refs = re.findall(r'9\.1\.3\.[23]\.\d+', cell(r[1]))
                e = cell(r[2]) + ''.join(f', see {x}' for x in refs)
                self.xref.append((cell(r[0]), e, num, False))
            return
        hi = None
        for i, r in enumerate(rows[:3]):
            cells = [cell(c) for c in r]
            if 'Encoding' in cells and cells[0] in ('Object', 'Item', 'Field', 'Name'):
                hi, ei = i, cells.index('Encoding')
                break
        if hi is None:
            for r in rows:
                # skip the "Request Payload | | " caption rows of operation tables
                if r and r[0] and any(cell(c) for c in r[1:]):
                    self.fields.append((cell(r[0]), num))
            return
        data = []
        for r in rows[hi + 1:]:
            if len(r) <= ei or not r[0]:
                continue
            names = (r[0] or '').split('|') if '|' in (r[0] or '') else [r[0]]
            encs = (r[ei] or '').split('|') if len(names) > 1 else [r[ei] or '']
            if len(encs) != len(names):
                encs = [r[ei] or ''] * len(names)
            for n, e in zip(names, encs):
                n = cell(n)
                n = re.sub(r',\s*(MAY be repeated|see .*)?$', '', n, flags=re.I).strip()
                for part in (n.split(', ') if ', ' in n else [n]):
                    data.append([part.strip(), cell(e), num, False])
        if data:
            # the first row names the structure being defined; 2.x sometimes uses
            # "X | Structure" followed by a single field "X | <type>" for a plain
            # field: the heading row is not a real structure then.
            first = data[0]
            if any(key(d[0]) == key(first[0]) for d in data[1:]):
                data = data[1:]
            else:
                first[3] = True
            if len(data) == 1 and key(data[0][0]) != key(title) and title:
                # attribute tables copied from a neighbour: 1.4 3.49 / 2.x 4.3
                # "Always Sensitive" lists "Sensitive | Boolean", 2.x 4.9 "Comment"
                # lists "Description | Text String"; the heading names the tag.
                data.append([title, data[0][1], num, True])
        self.enc.extend(tuple(d) for d in data)


# ----------------------------------------------------------------------------- overrides

def load_overrides(path):
    """tag-types.tsv: name, type, set, note[, section].  A row applies to every tag row with
    that name; `value` may also be given as 'name@0x42XXXX' to target one value.
    An empty type keeps the derived type; set '-' clears the set."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if parts[0] == 'name':
                continue
            parts += [''] * (5 - len(parts))
            name, typ, set_, note, section = parts[:5]
            for t in filter(None, typ.split('|')):
                if t not in TYPES:
                    sys.exit(f'tag-types.tsv: unknown type {t!r} for {name!r}')
            out[name] = (typ, set_, note, section)
    return out


# ----------------------------------------------------------------------------- build

def since_until(present):
    """present: list of versions (in order) containing the row."""
    idx = [VERSIONS.index(v) for v in present]
    since = VERSIONS[idx[0]]
    last = idx[-1]
    until = VERSIONS[last + 1] if last + 1 < len(VERSIONS) else ''
    gaps = [VERSIONS[i] for i in range(idx[0], last + 1) if i not in idx]
    return since, until, gaps


def derive(specs, present, k, source):
    """Types (most frequent first) and enumeration/mask set named for the tag
    with name key k in the versions `present`, from the normative encoding tables
    (source 'enc') or from the 1.x Tag Cross-reference appendix ('xref')."""
    tcount = collections.Counter()
    sets = collections.Counter()
    first_seen = {}
    for v in present:
        sp = specs[v]
        for n, e, num, isdef in getattr(sp, source):
            if key(n) != k:
                continue
            ts = enc_types(e)
            for i, t in enumerate(ts):
                tcount[t] += 1
                first_seen.setdefault(t, (VERSIONS.index(v), i))
            m = re.search(r'see\s+(9\.1\.3\.3\.\d+)', e)
            if m and m.group(1) in sp.mask_sections and ts == ['Integer']:
                sets[sp.mask_sections[m.group(1)]] += 1
            if 'Enumeration' in ts:
                m = re.search(r'see\s+(9\.1\.3\.2\.\d+)', e)
                m2 = re.search(r'Enumeration\s*\(([^)]+)\)', e)
                if m and m.group(1) in sp.enum_sections:
                    sets[sp.enum_sections[m.group(1)]] += 1
                elif m2:
                    sets[m2.group(1).strip()] += 1
    types = sorted(tcount, key=lambda t: (-tcount[t], first_seen[t]))
    return types, (sets.most_common(1)[0][0] if sets else '')


def build(htmldir, report=False, dump_types=False):
    specs = {}
    for v in VERSIONS:
        specs[v] = Spec(v, os.path.join(htmldir, FILES[v]))
    log = []

    # --- enumerations, masks -------------------------------------------------
    def collect(attr):
        rows = collections.OrderedDict()   # (set, value, name) -> [versions]
        sect = {}
        for v in VERSIONS:
            for s, vals in getattr(specs[v], attr).items():
                for name, val, num in vals:
                    k = (s, val, name)
                    rows.setdefault(k, [])
                    if v not in rows[k]:
                        rows[k].append(v)
                    sect[k] = f'{v} {num}'
        return rows, sect

    enum_rows, enum_sect = collect('enums')
    mask_rows, mask_sect = collect('masks')
    # 2.x Tag Enumeration as enum set "Tag"
    for v in VERSIONS:
        if v.startswith('2.'):
            for name, val, num in specs[v].tags:
                k = ('Tag', val, name)
                enum_rows.setdefault(k, []).append(v)
                enum_sect[k] = f'{v} {num}'
    enum_sets = {k[0] for k in enum_rows}
    # enumerations with a heading but no values of their own (only "Extensions")
    empty_sets = {s for v in VERSIONS for s, vals in specs[v].enums.items() if not vals}
    empty_sets |= {s for v in VERSIONS for s in specs[v].enum_sections.values()} - enum_sets
    mask_sets = {k[0] for k in mask_rows}

    # --- tags ------------------------------------------------------------------
    tag_rows = collections.OrderedDict()
    for v in VERSIONS:
        for name, val, num in specs[v].tags:
            tag_rows.setdefault((val, name), [])
            if v not in tag_rows[(val, name)]:
                tag_rows[(val, name)].append(v)

    overrides = load_overrides(os.path.join(HERE, 'tag-types.tsv'))
    used_over = set()
    out = []
    dump = []
    for (val, name), present in tag_rows.items():
        k = key(name)
        types, set_ = derive(specs, present, k, 'enc')
        xtypes, xset = derive(specs, present, k, 'xref')
        if not types:
            types = xtypes
        if not set_ and 'Enumeration' in types:
            set_ = xset if 'Enumeration' in xtypes else ''
        if not set_ and types == ['Integer'] and xtypes == ['Integer']:
            set_ = xset
        if xtypes and types and set(xtypes) - set(types):
            log.append(f'XREF DIFFERS: tag 0x{val:06X} {name}: tables {"|".join(types)}, '
                       f'cross-reference {"|".join(xtypes)}')
        if 'Enumeration' in types and not set_ and name in enum_sets:
            set_ = name
        if types == ['Integer'] and name in mask_sets:
            set_ = name
        dump.append((val, name, '|'.join(types), set_, present[0]))
        ov = overrides.get(f'{name}@0x{val:06X}') or overrides.get(name)
        if ov:
            used_over.add(f'{name}@0x{val:06X}' if f'{name}@0x{val:06X}' in overrides else name)
            if ov[0]:
                types = ov[0].split('|')
            if ov[1] == '-':
                set_ = ''
            elif ov[1]:
                set_ = ov[1]
            elif 'Enumeration' in types and not set_ and name in enum_sets:
                set_ = name
        if not types:
            log.append(f'NO TYPE: tag 0x{val:06X} {name}')
        if 'Enumeration' in types and not set_:
            log.append(f'NO SET: Enumeration tag 0x{val:06X} {name}')
        if set_ and set_ not in enum_sets and set_ not in mask_sets and set_ not in empty_sets:
            log.append(f'UNKNOWN SET {set_!r} for tag {name}')
        if set_ in empty_sets:
            log.append(f'EMPTY SET: tag 0x{val:06X} {name} uses {set_!r}, an enumeration without '
                       f'values in the spec (only extensions / external values)')
        since, until, gaps = since_until(present)
        if gaps:
            log.append(f'GAP: tag 0x{val:06X} {name} absent in {",".join(gaps)}')
        # section: definition in the latest version containing the row
        sp = specs[present[-1]]
        sec = ''
        for num, title in sp.headings:
            if num and key(title) == k:
                sec = num
                break
        if not sec:
            for n, e, num, isdef in sp.enc:
                if isdef and key(n) == k:
                    sec = num
                    break
        if not sec:
            for n, e, num, isdef in sp.enc:
                if key(n) == k:
                    sec = num
                    break
        if not sec:
            for n, num in sp.fields:
                if key(n) == k and num:
                    sec = num
                    break
        if not sec:
            sec = sp.tag_section
        if ov and ov[3]:
            sec = ov[3].split(' ', 1)[1] if ov[3].startswith(present[-1] + ' ') else ov[3]
        out.append(('tag', set_, name, f'0x{val:06X}', '|'.join(types), since, until,
                    f'{present[-1]} {sec}'))
    for o in overrides:
        if o not in used_over:
            log.append(f'UNUSED OVERRIDE: {o}')

    for kind, rows, sect in (('enum', enum_rows, enum_sect), ('mask', mask_rows, mask_sect)):
        for (s, val, name), present in rows.items():
            since, until, gaps = since_until(present)
            if gaps:
                log.append(f'GAP: {kind} {s} 0x{val:08X} {name} absent in {",".join(gaps)}')
            out.append((kind, s, name, f'0x{val:08X}', '', since, until, sect[(s, val, name)]))

    out.extend(load_extra_rows(os.path.join(HERE, 'extra-rows.tsv')))
    order = {'tag': 0, 'enum': 1, 'mask': 2, 'alias': 3}
    out.sort(key=lambda r: (order[r[0]], r[1], int(r[3], 16), VERSIONS.index(r[5]), r[2]))

    if report:
        for v in VERSIONS:
            sp = specs[v]
            print(f'{v}: tags {len(sp.tags)} (table section {sp.tag_section}), enumerations '
                  f'{len(sp.enums)} with {sum(len(x) for x in sp.enums.values())} values, masks '
                  f'{len(sp.masks)} with {sum(len(x) for x in sp.masks.values())} bits', file=sys.stderr)
        for line in log:
            print(line, file=sys.stderr)
    if dump_types:
        return [('value', 'name', 'derived_types', 'derived_set', 'since')] + \
               [(f'0x{a:06X}', b, c, d, e) for a, b, c, d, e in dump]
    return [('kind', 'set', 'name', 'value', 'type', 'since', 'until', 'section')] + out


def load_extra_rows(path):
    """extra-rows.tsv: rows in the output's own columns that the HTML cannot give: values
    the specification defines only by reference (PKCS#11 functions and return codes) and
    'alias' rows (spellings used by OASIS test cases, accepted when reading)."""
    rows = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            fields = line.split('\t')
            if len(fields) != 8 or fields[0] not in ('enum', 'mask', 'alias'):
                sys.exit(f'extra-rows.tsv line {number}: expected 8 fields of kind enum, mask or alias')
            rows.append(tuple(fields))
    return rows


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    htmldir = args[0] if args else os.path.join(HERE, '..', '..', '..', 'shared', 'reference', 'kmip-spec', 'html')
    rows = build(htmldir, report='--report' in argv, dump_types='--dump-types' in argv)
    w = sys.stdout
    for r in rows:
        line = '\t'.join(r)
        assert '\n' not in line
        w.write(line + '\n')


if __name__ == '__main__':
    main(sys.argv)
