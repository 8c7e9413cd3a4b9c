// A minimal TIFF writer for tests: uncompressed 8-bit greyscale pages, one
// strip each, with a resolution tag. Enough to build multi-page inputs.
export interface TiffPage {
  width: number;
  height: number;
  data: Uint8Array;
  dpi?: number;
}

export function writeTiff(pages: TiffPage[]): Uint8Array {
  let size = 8;
  const ifdOffsets: number[] = [];
  const layouts = pages.map((p) => {
    const dataOffset = size;
    size += p.data.length + (p.data.length & 1);
    const resOffset = size;
    size += 16; // two RATIONALs
    const ifdOffset = size;
    const entries = p.dpi ? 12 : 9;
    size += 2 + entries * 12 + 4;
    ifdOffsets.push(ifdOffset);
    return { p, dataOffset, resOffset, ifdOffset, entries };
  });
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  buf.set([0x49, 0x49, 42, 0], 0);
  dv.setUint32(4, ifdOffsets[0], true);
  layouts.forEach(({ p, dataOffset, resOffset, ifdOffset, entries }, i) => {
    buf.set(p.data, dataOffset);
    dv.setUint32(resOffset, p.dpi ?? 0, true);
    dv.setUint32(resOffset + 4, 1, true);
    dv.setUint32(resOffset + 8, p.dpi ?? 0, true);
    dv.setUint32(resOffset + 12, 1, true);
    const tags: [number, number, number][] = [ // tag, type (3 SHORT, 4 LONG, 5 RATIONAL), value
      [256, 4, p.width], [257, 4, p.height], [258, 3, 8], [259, 3, 1], [262, 3, 1],
      [273, 4, dataOffset], [277, 3, 1], [278, 4, p.height], [279, 4, p.data.length],
    ];
    if (p.dpi) tags.push([282, 5, resOffset], [283, 5, resOffset + 8], [296, 3, 2]);
    dv.setUint16(ifdOffset, entries, true);
    tags.forEach(([tag, type, value], k) => {
      const o = ifdOffset + 2 + k * 12;
      dv.setUint16(o, tag, true);
      dv.setUint16(o + 2, type, true);
      dv.setUint32(o + 4, 1, true);
      if (type === 3) dv.setUint16(o + 8, value, true);
      else dv.setUint32(o + 8, value, true);
    });
    dv.setUint32(ifdOffset + 2 + entries * 12, i + 1 < layouts.length ? layouts[i + 1].ifdOffset : 0, true);
  });
  return buf;
}
