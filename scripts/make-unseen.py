#!/usr/bin/env python3
"""Builds fixtures/unseen/<plan>/ from scripts/unseen_plans.py: gold.json (the
blocks, and records derived by the rules of fixtures/corpus/FORMAT.md),
plan.docx (OOXML written here: repeating header rows, gridSpan, vMerge),
plan.pdf (LibreOffice), scan.pdf and page1.png (150 dpi pages, tilted and
noised with ImageMagick), export.tsv (the PDF's lines cut at the table's
column stops, with extraction damage listed in export.damage.json) and
source.txt. Needs soffice, pdftoppm, pdftotext and ImageMagick's convert.
Run from the project root:  python3 scripts/make-unseen.py [slug ...]"""
import json, os, random, re, shutil, subprocess, sys, tempfile, zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(__file__))
from unseen_plans import PLANS  # noqa: E402

OUT = 'fixtures/unseen'
FIELDS = ['section', 'ref', 'action', 'output', 'outcome', 'milestone', 'due', 'lead',
          'resources', 'funding', 'status', 'progress', 'due_date', 'cost_gbp']
FILL_DOWN = ('ref', 'action', 'section')

# ---------------------------------------------------------------- records

MONTHS = {m: i + 1 for i, m in enumerate(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'])}


def month(word):
    return MONTHS.get(word.lower()[:3])


def due_date(due):
    """The date a due text names, at the finest of YYYY / YYYY-MM / YYYY-MM-DD
    that holds the whole period it names; None when open-ended or when the
    period runs over two calendar years (a financial year such as 2010/11)."""
    if not due:
        return None
    s = due.strip()
    m = re.fullmatch(r'(\d{2})[./](\d{2})[./](\d{2}|\d{4})', s)
    if m:
        y = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return '%d-%s-%s' % (y, m[2], m[1])
    m = re.fullmatch(r'(?:by )?(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+) (\d{4})', s)
    if m and month(m[2]):
        return '%s-%02d-%02d' % (m[3], month(m[2]), int(m[1]))
    m = re.fullmatch(r'(?:end )?([A-Za-z]+) (\d{4})', s)
    if m and month(m[1]):
        return '%s-%02d' % (m[2], month(m[1]))
    # a season names no month (and winter no single year): no date
    if re.fullmatch(r'(?:Spring|Summer|Autumn|Winter) (\d{4})', s):
        return None
    # quarters of a financial year (April to March): Q1-Q3 fall in its first
    # calendar year, Q4 in its second
    m = re.fullmatch(r'Q([1-4]) (\d{4})/(\d{2})', s)
    if m:
        return str(int(m[2]) + (1 if m[1] == '4' else 0))
    if re.fullmatch(r'\d{4}[/-]\d{2}', s):
        return None
    if re.fullmatch(r'\d{4}', s):
        return s
    if s in ('Ongoing', 'Quarterly', 'Six-monthly'):
        return None
    raise ValueError('no due date rule for %r' % due)


def cost(resources):
    if not resources:
        return None
    m = re.search(r'£(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k|m)?', resources)
    if not m:
        return None
    v = float(m[1].replace(',', '') + ('.' + m[2] if m[2] else ''))
    v *= {'k': 1e3, 'm': 1e6, None: 1}[m[3]]
    return int(v) if v == int(v) else v


def clean(cell):
    lines = [re.sub(r'\s+', ' ', l).strip() for l in cell.split('\n')]
    lines = [l[2:] if l.startswith('\u2022 ') else l for l in lines]
    return '\n'.join(l for l in lines if l) or None


STATUS = {'g': 'G', 'green': 'G', 'a': 'A', 'amber': 'A', 'r': 'R', 'red': 'R'}


def records(plan):
    out = []
    blank = {f: None for f in FIELDS}
    if plan.get('kind') == 'narrative':
        for b in plan['blocks']:
            if b['type'] == 'list' and b.get('numbered'):
                for i, item in enumerate(b['items']):
                    out.append({**blank, 'ref': str(i + 1), 'action': item})
        return out
    for b in plan['blocks']:
        if b['type'] != 'table':
            continue
        fields = [c['field'] for c in b['columns']]
        if not any(fields):
            continue
        sections, prev = [], {}
        for r in b['rows']:
            if r['kind'] == 'section':
                level = r.get('level', 1)
                sections = sections[:level - 1] + [r['text']]
                prev = {}
                continue
            if r['kind'] != 'data':
                continue
            rec = dict(blank)
            for f, cell in zip(fields, r['cells']):
                if f is None:
                    continue
                rec[f] = prev.get(f) if cell is None and f in FILL_DOWN else (clean(cell) if cell else None)
            path = sections + ([rec['section']] if rec['section'] else [])
            prev = {f: rec[f] for f in FILL_DOWN}
            rec['section'] = ' > '.join(path) or None
            if rec['ref']:
                rec['ref'] = rec['ref'].rstrip('.')
            if rec['status']:
                rec['status'] = STATUS[rec['status'].lower()]
            rec['due_date'] = due_date(rec['due'])
            rec['cost_gbp'] = cost(rec['resources'])
            out.append(rec)
    return out


def gold(plan):
    blocks = []
    for b in plan['blocks']:
        if b['type'] == 'table':
            b = {'type': 'table', 'columns': [{'header': c['header'], 'field': c['field']} for c in b['columns']], 'rows': b['rows']}
        blocks.append(b)
    return {
        'schema': 'plan-gold/1', 'source': plan['slug'] + '.docx', 'kind': plan.get('kind', 'action_plan'),
        'title': plan['title'], 'organisation': plan['organisation'], 'area': plan['area'],
        'period': plan['period'], 'page': {'orientation': plan['orientation']},
        'blocks': blocks, 'records': records(plan),
    }

# ---------------------------------------------------------------- docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
      '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
DOC_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            '</Relationships>')
STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles %s>'
          '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
          '<w:sz w:val="18"/><w:szCs w:val="18"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
          '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
          '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
          '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
          '<w:pPr><w:keepNext/><w:spacing w:before="160" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="22"/></w:rPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>'
          '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>'
          '</w:styles>') % W_NS
NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering %s>'
             '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>') % W_NS
BORDER = ''.join('<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>' % s for s in ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'))


def run(text, bold=False):
    rpr = '<w:rPr><w:b/></w:rPr>' if bold else ''
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, escape(text))


def para(text, style=None, bold=False, after=None, num=False):
    ppr = ''
    if style:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if num:
        ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    if after is not None:
        ppr += '<w:spacing w:before="0" w:after="%d"/>' % after
    return '<w:p>%s%s</w:p>' % ('<w:pPr>%s</w:pPr>' % ppr if ppr else '', run(text, bold) if text else '')


def cell(text, width, span=1, vmerge=None, shade=None, bold=False):
    tcpr = '<w:tcW w:w="%d" w:type="dxa"/>' % width
    if span > 1:
        tcpr += '<w:gridSpan w:val="%d"/>' % span
    if vmerge == 'restart':
        tcpr += '<w:vMerge w:val="restart"/>'
    elif vmerge == 'continue':
        tcpr += '<w:vMerge/>'
    if shade:
        tcpr += '<w:shd w:val="clear" w:color="auto" w:fill="%s"/>' % shade
    lines = (text or '').split('\n') if vmerge != 'continue' else ['']
    return '<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>' % (tcpr, ''.join(para(l, bold=bold, after=0) for l in lines))


def table_xml(t):
    widths = [c['width'] for c in t['columns']]
    n = len(widths)
    head_rows = t.get('header_rows') or [[(c['header'], 1, None) for c in t['columns']]]

    def header_row(spec):
        cells, i = [], 0
        for text, span, vm in spec:
            cells.append(cell(text, sum(widths[i:i + span]), span, vm, 'D9D9D9', True))
            i += span
        return '<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>%s</w:tr>' % ''.join(cells)

    rows = [header_row(h) for h in head_rows]
    body = t['rows']
    for ri, r in enumerate(body):
        if r['kind'] == 'section':
            shade = 'EDEDED' if r.get('level', 1) == 1 else 'F7F7F7'
            rows.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>%s</w:tr>' % cell(r['text'], sum(widths), n, None, shade, True))
        elif r['kind'] == 'header':
            rows.extend(header_row(h) for h in head_rows)
        else:
            nxt = body[ri + 1] if ri + 1 < len(body) and body[ri + 1]['kind'] == 'data' else None
            cells = []
            for ci, v in enumerate(r['cells']):
                vm = 'continue' if v is None else ('restart' if nxt and nxt['cells'][ci] is None else None)
                cells.append(cell(v, widths[ci], 1, vm))
            rows.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>%s</w:tr>' % ''.join(cells))
    grid = ''.join('<w:gridCol w:w="%d"/>' % w for w in widths)
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="%d" w:type="dxa"/><w:tblBorders>%s</w:tblBorders>'
            '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            '<w:tblGrid>%s</w:tblGrid>%s</w:tbl>') % (sum(widths), BORDER, grid, ''.join(rows))


MARGIN = 850  # twips, all four sides


def docx(plan, path):
    body = []
    first_heading = True
    for b in plan['blocks']:
        if b['type'] == 'heading':
            body.append(para(b['text'], 'Heading1' if first_heading else 'Heading2'))
            first_heading = False
        elif b['type'] == 'paragraph':
            body.append(para(b['text'], after=120))
        elif b['type'] == 'list':
            body.extend(para(item, 'ListParagraph', after=60, num=True) for item in b['items'])
        elif b['type'] == 'table':
            body.append(table_xml(b))
            body.append(para('', after=120))
    land = plan['orientation'] == 'landscape'
    w, h = (16838, 11906) if land else (11906, 16838)
    sect = ('<w:sectPr><w:pgSz w:w="%d" w:h="%d"%s/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" '
            'w:header="454" w:footer="454" w:gutter="0"/></w:sectPr>') % (w, h, ' w:orient="landscape"' if land else '', MARGIN, MARGIN, MARGIN, MARGIN)
    doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s%s</w:body></w:document>' % (W_NS, ''.join(body), sect)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in (('[Content_Types].xml', CT), ('_rels/.rels', RELS), ('word/_rels/document.xml.rels', DOC_RELS),
                           ('word/document.xml', doc), ('word/styles.xml', STYLES), ('word/numbering.xml', NUMBERING)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2010, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)

# ---------------------------------------------------------------- images


# the real ImageMagick, not a stand-in earlier on the PATH
CONVERT = '/usr/bin/convert' if os.path.exists('/usr/bin/convert') else 'convert'
IDENTIFY = '/usr/bin/identify' if os.path.exists('/usr/bin/identify') else 'identify'


def image_pdf(jpgs, path, dpi=150):
    """An image-only PDF, one grey JPEG per page (ImageMagick's policy often
    forbids writing PDF)."""
    objs, kids = [], []
    for j in jpgs:
        data = open(j, 'rb').read()
        w, h = map(int, subprocess.check_output([IDENTIFY, '-format', '%w %h', j]).split())
        pw, ph = w * 72 / dpi, h * 72 / dpi
        img = len(objs) + 3
        objs.append(b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n' % (w, h, len(data)) + data + b'\nendstream')
        content = b'q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q' % (pw, ph)
        objs.append(b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream')
        kids.append(len(objs) + 3)
        objs.append(b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>' % (pw, ph, img, img + 1))
    allobjs = [b'<< /Type /Catalog /Pages 2 0 R >>',
               b'<< /Type /Pages /Kids [%s] /Count %d >>' % (b' '.join(b'%d 0 R' % k for k in kids), len(kids))] + objs
    out = bytearray(b'%PDF-1.4\n')
    offsets = []
    for i, o in enumerate(allobjs):
        offsets.append(len(out))
        out += b'%d 0 obj\n' % (i + 1) + o + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(allobjs) + 1)
    out += b''.join(b'%010d 00000 n \n' % o for o in offsets)
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(allobjs) + 1, xref)
    open(path, 'wb').write(bytes(out))


def sh(*args, **kw):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def scans(pdf, outdir, seed):
    """150 dpi grey pages, each tilted a little and noised, as a scanner would."""
    tmp = tempfile.mkdtemp()
    sh('pdftoppm', '-r', '150', '-gray', '-png', pdf, os.path.join(tmp, 'p'))
    pages = sorted(f for f in os.listdir(tmp) if f.endswith('.png'))
    rnd = random.Random(seed)
    done = []
    for i, f in enumerate(pages):
        src = os.path.join(tmp, f)
        dst = os.path.join(tmp, 's%02d.png' % i)
        angle = rnd.choice([-1, 1]) * rnd.uniform(0.3, 0.8)
        sh(CONVERT, src, '-background', 'white', '-rotate', '%.2f' % angle, '-gravity', 'center',
           '-extent', '%s' % subprocess.check_output([IDENTIFY, '-format', '%wx%h', src]).decode(),
           '-attenuate', '0.35', '+noise', 'Gaussian', '-colorspace', 'Gray', '-depth', '8', dst)
        done.append(dst)
    jpgs = []
    for d in done:
        j = d[:-4] + '.jpg'
        sh(CONVERT, d, '-quality', '60', j)
        jpgs.append(j)
    # page 1 as the scanner saved it: the JPEG, stored losslessly
    sh(CONVERT, jpgs[0], '-colorspace', 'Gray', '-depth', '8', os.path.join(outdir, 'page1.png'))
    image_pdf(jpgs, os.path.join(outdir, 'scan.pdf'))
    shutil.rmtree(tmp)

# ---------------------------------------------------------------- export.tsv


def pdf_lines(pdf):
    """Words of each page with their boxes, grouped into visual lines."""
    html = subprocess.check_output(['pdftotext', '-bbox', pdf, '-']).decode()
    pages = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page[2])]
        words = [(x0, y0, x1, y1, unescape(w)) for x0, y0, x1, y1, w in words]
        words.sort(key=lambda w: (w[3], w[0]))
        lines = []
        for w in words:
            if lines and abs(lines[-1][0][3] - w[3]) < 2.5:
                lines[-1].append(w)
            else:
                lines.append([w])
        pages.append([sorted(l, key=lambda w: w[0]) for l in lines])
    return pages


def unescape(s):
    return s.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&#39;', "'").replace('&apos;', "'")


def cut_line(words, stops):
    """Cut a line at the column stops: every character goes to the column its
    x falls in, so a word that crosses a stop is split in two."""
    cols = [''] * (len(stops) + 1)
    last = [None] * (len(stops) + 1)
    for x0, _, x1, _, w in words:
        step = (x1 - x0) / max(1, len(w))
        for k, ch in enumerate(w):
            x = x0 + step * (k + 0.5)
            c = sum(1 for s in stops if x >= s)
            if last[c] is not None and last[c] != (x0, w):
                cols[c] += ' '
            cols[c] += ch
            last[c] = (x0, w)
    while len(cols) > 1 and not cols[-1]:
        cols.pop()
    return cols


def export_tsv(plan, pdf):
    tables = [b for b in plan['blocks'] if b['type'] == 'table']
    stops = []
    for t in tables:
        x, s = MARGIN / 20, []
        for c in t['columns'][:-1]:
            x += c['width'] / 20
            s.append(x)
        stops.append(s)
    starts = [re.sub(r'\s+', ' ', b['text'])[:25] for b in plan['blocks'] if b['type'] in ('heading', 'paragraph')]
    starts += [i[:25] for b in plan['blocks'] if b['type'] == 'list' for i in b['items']]
    # a line is a header line of table j when all its words are header words
    # of table j (a header label wraps over several lines)
    head_words = [set(' '.join(h for row in t['header_rows'] for h, _, _ in row).split()) if t.get('header_rows')
                  else set(' '.join(c['header'] for c in t['columns']).split()) for t in tables]

    def is_header(words, j):
        ws = [w[4] for w in words]
        return 0 <= j < len(tables) and len(ws) >= 2 and all(w in head_words[j] for w in ws)
    mode, k = 'text', -1
    out = []
    for page in pdf_lines(pdf):
        for words in page:
            text = ' '.join(w[4] for w in words)
            if is_header(words, k + 1) and (mode == 'text' or not is_header(words, k)):
                mode, k = 'table', k + 1
            elif is_header(words, k):
                mode = 'table'
            elif any(text.startswith(s[:min(len(s), len(text))]) and len(text) >= 8 for s in starts):
                mode = 'text'
            if not tables:
                out.append([text])
                continue
            s = stops[k] if mode == 'table' else stops[min(k + 1, len(tables) - 1)]
            out.append(cut_line(words, s))
    return out


OCR_SLIPS = [('l', 'I'), ('o', '0'), ('e', 'c'), ('m', 'rn'), ('0', 'O'), ('i', 'l')]


def damage(lines, seed):
    """Extraction damage at about one line in four: a line-end hyphen left in
    a word, a space inside a word, an OCR letter slip."""
    rnd = random.Random(seed)
    log = []
    for li, cols in enumerate(lines):
        if rnd.random() > 0.35:
            continue
        ci = rnd.randrange(len(cols))
        words = cols[ci].split(' ')
        cands = [i for i, w in enumerate(words) if re.fullmatch(r'[A-Za-z]{7,}|20\d\d', w)]
        if not cands:
            continue
        wi = rnd.choice(cands)
        w = words[wi]
        kind = rnd.choice(['ocr', 'ocr', 'hyphen', 'space'])
        if w.isdigit():
            kind, new = 'ocr', w.replace('0', 'O', 1)
        elif kind == 'hyphen':
            p = rnd.randrange(3, len(w) - 3)
            new = w[:p] + '- ' + w[p:]
        elif kind == 'space':
            p = rnd.randrange(3, len(w) - 3)
            new = w[:p] + ' ' + w[p:]
        else:
            slips = [(a, b) for a, b in OCR_SLIPS if a in w[1:]]
            if not slips:
                continue
            a, b = rnd.choice(slips)
            p = w.index(a, 1)
            new = w[:p] + b + w[p + 1:]
        words[wi] = new
        cols[ci] = ' '.join(words)
        log.append({'line': li + 1, 'col': ci, 'kind': kind, 'from': w, 'to': new})
    return log

# ---------------------------------------------------------------- source.txt


def source_txt(plan):
    out = []
    for b in plan['blocks']:
        if b['type'] in ('heading', 'paragraph'):
            out.append(b['text'])
        elif b['type'] == 'list':
            out.extend('%d. %s' % (i + 1, item) for i, item in enumerate(b['items']))
        elif b['type'] == 'table':
            heads = [c['header'].replace('\n', ' ') for c in b['columns']]
            out.append('\t'.join(heads))
            for r in b['rows']:
                if r['kind'] == 'section':
                    out.append(r['text'])
                elif r['kind'] == 'header':
                    out.append('\t'.join(heads))
                else:
                    out.append('\t'.join(re.sub(r'\s*\n\s*', ' ', c or '') for c in r['cells']))
    return '\n'.join(out) + '\n'

# ---------------------------------------------------------------- main


def build(plan, seed):
    d = os.path.join(OUT, plan['slug'])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'gold.json'), 'w') as f:
        json.dump(gold(plan), f, indent=1, ensure_ascii=False)
        f.write('\n')
    docx(plan, os.path.join(d, 'plan.docx'))
    tmp = tempfile.mkdtemp()
    sh('soffice', '--headless', '--convert-to', 'pdf', '--outdir', tmp, os.path.join(d, 'plan.docx'))
    shutil.copy(os.path.join(tmp, 'plan.pdf'), os.path.join(d, 'plan.pdf'))
    shutil.rmtree(tmp)
    scans(os.path.join(d, 'plan.pdf'), d, seed)
    lines = export_tsv(plan, os.path.join(d, 'plan.pdf'))
    log = damage(lines, seed)
    with open(os.path.join(d, 'export.tsv'), 'w') as f:
        f.write(''.join('\t'.join(cols) + '\n' for cols in lines))
    with open(os.path.join(d, 'export.damage.json'), 'w') as f:
        json.dump(log, f, indent=1, ensure_ascii=False)
        f.write('\n')
    with open(os.path.join(d, 'source.txt'), 'w') as f:
        f.write(source_txt(plan))
    print(d, len(gold(plan)['records']), 'records')


if __name__ == '__main__':
    want = sys.argv[1:]
    for i, plan in enumerate(PLANS):
        if not want or plan['slug'] in want:
            build(plan, 1000 + i)
