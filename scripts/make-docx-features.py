#!/usr/bin/env python3
"""Makes small Word files with the OOXML features the corpus plans lack, for
test/docx-equivalence.test.ts: nested tables, hyperlinks and fields, tracked
changes, custom heading styles, restarting numbered lists, cells merged across
rows and columns at once, text boxes, notes and odd run content. Run from the
project root; the output is committed under fixtures/docx/."""
import os, zipfile

W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
NS = ('xmlns:w="%s" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
      'mc:Ignorable="w14"') % W_NS
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CT = (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Default Extension="png" ContentType="image/png"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '</Types>')
RELS = (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'


def doc_rels(*rels):
    body = ''.join('<Relationship Id="%s" Type="%s%s" Target="%s"%s/>' % (i, REL, t, target, ' TargetMode="External"' if t == 'hyperlink' else '')
                   for i, t, target in rels)
    return HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % body


def entry(name):
    # a fixed date keeps the fixtures byte-identical from run to run
    return zipfile.ZipInfo(name, date_time=(2010, 1, 1, 0, 0, 0))


def docx(path, body, parts=None, rels=()):
    base_rels = [('rIdStyles', 'styles', 'styles.xml'), ('rIdNumbering', 'numbering', 'numbering.xml'),
                 ('rIdFootnotes', 'footnotes', 'footnotes.xml')]
    parts = dict(parts or {})
    rels = [r for r in base_rels if 'word/' + r[2] in parts] + list(rels)
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(entry('[Content_Types].xml'), CT)
        z.writestr(entry('_rels/.rels'), RELS)
        z.writestr(entry('word/document.xml'), HEAD + '<w:document %s><w:body>%s<w:sectPr><w:pgSz w:w="16838" w:h="11906"/></w:sectPr></w:body></w:document>' % (NS, body))
        z.writestr(entry('word/_rels/document.xml.rels'), doc_rels(*rels))
        for name, data in parts.items():
            z.writestr(entry(name), data)


def r(text, props=''):
    rpr = '<w:rPr>%s</w:rPr>' % props if props else ''
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, text)


def p(*runs, style=None, num=None):
    ppr = ''
    if style or num:
        ppr = '<w:pPr>%s%s</w:pPr>' % ('<w:pStyle w:val="%s"/>' % style if style else '',
                                       '<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % num if num else '')
    return '<w:p>%s%s</w:p>' % (ppr, ''.join(x if x.startswith('<') else r(x) for x in runs))


def tc(*paras, span=None, vmerge=None):
    pr = ''
    if span or vmerge:
        pr = '<w:tcPr>%s%s</w:tcPr>' % ('<w:gridSpan w:val="%d"/>' % span if span else '',
                                        ('<w:vMerge w:val="restart"/>' if vmerge == 'restart' else '<w:vMerge/>') if vmerge else '')
    return '<w:tc>%s%s</w:tc>' % (pr, ''.join(x if x.startswith('<') else p(x) for x in paras) or '<w:p/>')


def tr(*cells, header=False, before=None):
    pr = ''
    if header or before:
        pr = '<w:trPr>%s%s</w:trPr>' % ('<w:gridBefore w:val="%d"/>' % before if before else '', '<w:tblHeader/>' if header else '')
    return '<w:tr>%s%s</w:tr>' % (pr, ''.join(cells))


def tbl(ncols, *rows):
    grid = ''.join('<w:gridCol w:w="1000"/>' for _ in range(ncols))
    return '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>' % (grid, ''.join(rows))


STYLES = HEAD + ('<w:styles %s>'
                 '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>'
                 '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
                 '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
                 '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>'
                 '<w:style w:type="paragraph" w:styleId="Titre3"><w:name w:val="Heading 3"/><w:basedOn w:val="Normal"/></w:style>'
                 '<w:style w:type="paragraph" w:styleId="PlanSection"><w:name w:val="Plan Section"/><w:basedOn w:val="Heading2"/></w:style>'
                 '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>'
                 '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>'
                 '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
                 '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/></w:style>'
                 '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
                 '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/></w:style>'
                 '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders/></w:tblPr></w:style>'
                 '</w:styles>') % NS


def lvl(i, fmt, text, start=1, restart=None, pstyle=None):
    return ('<w:lvl w:ilvl="%d"><w:start w:val="%d"/>%s<w:numFmt w:val="%s"/>%s<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr></w:lvl>') % (
        i, start, '<w:pStyle w:val="%s"/>' % pstyle if pstyle else '', fmt,
        '<w:lvlRestart w:val="%d"/>' % restart if restart is not None else '', text, 720 * (i + 1))


NUMBERING = HEAD + ('<w:numbering %s>'
                    # 0: bullets, the second level a dash; level 0 also the List Bullet style's
                    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>%s%s</w:abstractNum>'
                    # 1: decimal, then lower letters
                    '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>%s%s</w:abstractNum>'
                    # 2: starts at 5, "(%%1)"
                    '<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="singleLevel"/>%s</w:abstractNum>'
                    # 3: outline numbering 1 / 1.1, the numFmt of level 0 behind AlternateContent
                    '<w:abstractNum w:abstractNumId="3"><w:multiLevelType w:val="multilevel"/>'
                    '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="01, 02, 03, ..."/></mc:Choice>'
                    '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%%1."/></w:lvl>%s</w:abstractNum>'
                    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
                    '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
                    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
                    '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>'
                    '</w:numbering>') % (
    NS,
    lvl(0, 'bullet', '\u2022', pstyle='ListBullet'), lvl(1, 'bullet', '-'),
    lvl(0, 'decimal', '%1.'), lvl(1, 'lowerLetter', '%2)'),
    lvl(0, 'decimal', '(%1)', start=5),
    lvl(1, 'decimal', '%1.%2', restart=1),
)

FOOTNOTES = HEAD + ('<w:footnotes %s>'
                    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                    '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:footnoteRef/></w:r>'
                    '<w:r><w:t xml:space="preserve"> Funding confirmed by the Local Strategic Partnership.</w:t></w:r></w:p></w:footnote>'
                    '</w:footnotes>') % NS

os.makedirs('fixtures/docx', exist_ok=True)
parts = {'word/styles.xml': STYLES, 'word/numbering.xml': NUMBERING}

# 1. a table inside a cell, and one inside that
inner2 = tbl(1, tr(tc('Deepest cell')))
inner = tbl(2, tr(tc('Quarter'), tc('Target')), tr(tc('Q1'), tc('20 groups', inner2)))
docx('fixtures/docx/nested-table.docx',
     p('Targets by quarter', style='Heading1') +
     tbl(3, tr(tc('Ref'), tc('Action'), tc('Milestones'), header=True),
         tr(tc('1.1'), tc('Map the sector', 'Survey all groups'), tc(p('Milestones:'), inner, p('Review in March'))),
         tr(tc('1.2'), tc('Publish the directory'), tc('June 2010'))) +
     p('After the table.'),
     parts)

# 2. hyperlinks: by relationship, by bookmark anchor, and as HYPERLINK fields
field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://www.example.org/compact" </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r('the local Compact', '<w:rStyle w:val="Hyperlink"/>') +
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
page_field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r('4') + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
docx('fixtures/docx/hyperlinks.docx',
     p('<w:bookmarkStart w:id="0" w:name="_Toc1"/>', 'Links and fields', '<w:bookmarkEnd w:id="0"/>', style='Heading1') +
     p('See ', '<w:hyperlink r:id="rIdLink1" w:history="1">' + r('the CVS website', '<w:rStyle w:val="Hyperlink"/>') + '</w:hyperlink>', ' for details.') +
     p('Back to ', '<w:hyperlink w:anchor="_Toc1">' + r('the top') + '</w:hyperlink>', ', page ', page_field, '.') +
     p('Agreed in ', field, ' in 2009.') +
     p('<w:hyperlink r:id="rIdLink1">' + r('Bold', '<w:b/>') + r(' ', '<w:b/>') + r('link', '<w:b/>') + '</w:hyperlink>',
       '<w:hyperlink r:id="rIdLink2">' + r(' ') + '</w:hyperlink>', r('after')) +
     tbl(2, tr(tc('Lead'), tc(p('<w:hyperlink r:id="rIdLink2">' + r('CVS Director') + '</w:hyperlink>')))),
     parts, rels=[('rIdLink1', 'hyperlink', 'http://www.example.org/cvs'), ('rIdLink2', 'hyperlink', 'mailto:director@example.org')])

# 3. tracked changes: insertions kept, deletions and moved-from text left out
docx('fixtures/docx/tracked-changes.docx',
     p('Tracked changes', style='Heading1') +
     p(r('The forum '), '<w:del w:id="1" w:author="A"><w:r><w:delText>will consider</w:delText></w:r></w:del>',
       '<w:ins w:id="2" w:author="A">' + r('agreed') + '</w:ins>', r(' the plan.')) +
     # a deleted paragraph mark: this paragraph runs on into the next
     '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A"/></w:rPr></w:pPr>' + r('Merged start, ') + '</w:p>' +
     p('merged end.') +
     p('<w:moveFrom w:id="4" w:author="A">' + r('moved away') + '</w:moveFrom>', r('Stays'),
       '<w:moveTo w:id="5" w:author="A">' + r(' and moved here') + '</w:moveTo>') +
     tbl(2, tr(tc('Ref'), tc('Action'), header=True),
         tr(tc('1'), tc(p(r('Recruit '), '<w:ins w:id="6" w:author="A">' + r('ten ') + '</w:ins>', r('volunteers'))))
         , '<w:tr><w:trPr><w:del w:id="7" w:author="A"/></w:trPr>' + tc('2') + tc('Deleted row') + '</w:tr>',
         tr(tc('3'), tc('Kept row'))),
     parts)

# 4. headings: style ids, names in either case, a localised id, Title, a style based on a heading
docx('fixtures/docx/heading-styles.docx',
     p('Third Sector Strategy', style='Title') +
     p('Section by id', style='Heading1') +
     p('Section by name', style='Heading2') +
     p('Localised heading id', style='Titre3') +
     p('Custom section style', style='PlanSection') +
     p('Body text.') +
     p('Unknown style', style='NoSuchStyle'),
     parts)

# 5. lists: bullets, numbering restarting (startOverride), continuing after a
#    break, starting at 5, nested levels, a style's own list, numbering behind AlternateContent
docx('fixtures/docx/numbered-lists.docx',
     p('Actions', style='Heading1') +
     p('First action', num=(0, 2)) + p('Second action', num=(0, 2)) +
     p('A sub-point', num=(1, 2)) + p('Another sub-point', num=(1, 2)) +
     p('Third action', num=(0, 2)) +
     p('An interruption.') +
     p('Fourth action, continuing', num=(0, 2)) +
     p('Restarted one', num=(0, 3)) + p('Restarted two', num=(0, 3)) +
     p('Between.') +
     p('Item five', num=(0, 4)) + p('Item six', num=(0, 4)) +
     p('Between again.') +
     p('Bullet one', num=(0, 1)) + p('Bullet two', num=(0, 1)) + p('Dash', num=(1, 1)) +
     p('Styled bullet', style='ListBullet') +
     p('Outline one', num=(0, 5)) + p('Outline one point one', num=(1, 5)) + p('Outline two', num=(0, 5)) + p('Outline two point one', num=(1, 5)) +
     p('', num=(0, 5)) +
     tbl(2, tr(tc('Milestones'), tc(p('Draft', num=(0, 2)), p('Consult', num=(0, 2)), p('Point', num=(0, 1))))),
     parts)

# 6. merged cells: a cell over two rows and two columns at once, a header row,
#    a row that starts one grid column in (gridBefore)
docx('fixtures/docx/merged-cells.docx',
     tbl(4,
         tr(tc('Theme'), tc('Action'), tc('Lead'), tc('Due'), header=True),
         tr(tc('Capacity', vmerge='restart'), tc('Shared lead and date', span=2, vmerge='restart'), tc('March 2010')),
         tr(tc(vmerge='continue'), tc(span=2, vmerge='continue'), tc('June 2010')),
         tr(tc('Funding', span=4)),
         tr(tc('Grants'), tc('Review grants'), tc('CVS'), tc()),
         tr(tc('Indented: starts in the second column'), tc('CVS'), tc('2011'), before=1)),
     parts)

# 7. run content and containers: tabs, breaks, symbols, hyphens, content
#    controls, smart tags, a text box in AlternateContent, a footnote, white
#    space between formatted runs, a non-standard namespace prefix
textbox = ('<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr w:id="1" name="Text Box 1"/><a:graphic><a:graphicData>'
           '<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Choice text box</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>'
           '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
           '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Fallback text box</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
           '</mc:AlternateContent>')
docx('fixtures/docx/run-content.docx',
     p('Run content', style='Heading1') +
     p(r('Due'), '<w:r><w:tab/><w:t>March</w:t><w:br/><w:t>2010</w:t></w:r>') +
     p(r('Line'), '<w:r><w:cr/><w:t>after a carriage return</w:t></w:r>') +
     p(r('Page'), '<w:r><w:br w:type="page"/></w:r>', r('break')) +
     p(r('Tick '), '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>', r(' and bullet '), '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>') +
     p(r('Non'), '<w:r><w:noBreakHyphen/></w:r>', r('breaking and co'), '<w:r><w:softHyphen/></w:r>', r('operation')) +
     '<w:sdt><w:sdtPr><w:alias w:val="Owner"/></w:sdtPr><w:sdtContent>' + p('Block content control') + '</w:sdtContent></w:sdt>' +
     p(r('Inline '), '<w:sdt><w:sdtContent>' + r('control') + '</w:sdtContent></w:sdt>', r(' and '),
       '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">' + r('Thurrock') + '</w:smartTag>') +
     p(r('Holds a text box'), '<w:r>' + textbox + '</w:r>') +
     p(r('Funded'), '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>', r(' in full.')) +
     p(r('Bold', '<w:b/>'), r(' ', '<w:i/>'), r('italic', '<w:b/>'), r(' plain '), r('strong', '<w:rStyle w:val="Strong"/>'),
       r(' '), r('struck', '<w:strike/>'), r('\t', '<w:b/>'), r('H'), r('2', '<w:vertAlign w:val="subscript"/>'), r('O')) +
     p(r('  leading and trailing spaces  ')) +
     p(r('Entities &amp; &lt;tags&gt; &quot;quoted&quot; &#8364;5 &#x2013; done')) +
     p('<w:fldSimple w:instr=" DOCPROPERTY Title "><w:r><w:t>Simple field text</w:t></w:r></w:fldSimple>', r(' after a simple field')) +
     '<!-- a comment --><?pi data?>' +
     p() +
     p('<w:bookmarkStart w:id="9" w:name="empty"/><w:bookmarkEnd w:id="9"/>') +
     tbl(2, tr(tc('Tabbed'), tc(p(r('a'), '<w:r><w:tab/></w:r>', r('b')), p(r('', '<w:b/>'))))),
     dict(parts, **{'word/footnotes.xml': FOOTNOTES}))

# 8. the WordprocessingML namespace bound to another prefix
NS0 = 'xmlns:ns0="%s"' % W_NS
with zipfile.ZipFile('fixtures/docx/other-prefix.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr(entry('[Content_Types].xml'), CT)
    z.writestr(entry('_rels/.rels'), RELS)
    z.writestr(entry('word/document.xml'), HEAD + '<ns0:document %s><ns0:body>'
               '<ns0:p><ns0:pPr><ns0:pStyle ns0:val="Heading1"/></ns0:pPr><ns0:r><ns0:t>Plan written by another tool</ns0:t></ns0:r></ns0:p>'
               '<ns0:tbl><ns0:tr><ns0:tc><ns0:p><ns0:r><ns0:t>Ref</ns0:t></ns0:r></ns0:p></ns0:tc><ns0:tc><ns0:p><ns0:r><ns0:t>Action</ns0:t></ns0:r></ns0:p></ns0:tc></ns0:tr>'
               '<ns0:tr><ns0:tc><ns0:p><ns0:r><ns0:t>1</ns0:t></ns0:r></ns0:p></ns0:tc><ns0:tc><ns0:p xmlns:q="%s"><q:r><q:t>Prefix declared on the paragraph</q:t></q:r></ns0:p></ns0:tc></ns0:tr></ns0:tbl>'
               '</ns0:body></ns0:document>' % (NS0, W_NS))
