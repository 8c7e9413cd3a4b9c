#!/usr/bin/env python3
"""Makes the project's own small fixtures: Word files that are not plans or are
broken, for the reader's error paths. Run from the project root; output is
committed, so this only needs running when the fixtures change."""
import io, os, zipfile, zlib

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

def para(text):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text

def docx(path, body, extra=None):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT)
        z.writestr('_rels/.rels', RELS)
        z.writestr('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s</w:body></w:document>' % (W, body))
        for name, data in (extra or {}).items():
            z.writestr(name, data)

os.makedirs('fixtures/docx', exist_ok=True)
os.makedirs('fixtures/bad', exist_ok=True)
docx('fixtures/docx/minutes-not-a-plan.docx',
     para('Voluntary Sector Forum: minutes of the meeting held on 12 March 2010') +
     para('Present: representatives of the CVS and the Council.') +
     para('The forum discussed the refresh of the local Compact and agreed to meet again in June.'))

good = open('fixtures/docx/minutes-not-a-plan.docx', 'rb').read()
open('fixtures/bad/truncated.docx', 'wb').write(good[: len(good) // 2])
import random
random.seed(7)
open('fixtures/bad/not-a-zip.docx', 'wb').write(bytes([0x00, 0x13, 0x9f, 0xee]) + bytes(random.randrange(256) for _ in range(2000)))
docx('fixtures/bad/malformed-xml.docx', '<w:p><w:r><w:t>Unclosed paragraph</w:r></w:body>')
# a zip bomb: 400 MB of zeros in one entry, a few hundred KB on disk
with zipfile.ZipFile('fixtures/bad/zip-bomb.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', CT)
    z.writestr('word/document.xml', '<w:document %s><w:body>%s</w:body></w:document>' % (W, para('x')))
    info = zipfile.ZipInfo('word/media/padding.bin')
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, 'w', force_zip64=False) as f:
        chunk = b'\0' * (1 << 20)
        for _ in range(400):
            f.write(chunk)
print('ok')
