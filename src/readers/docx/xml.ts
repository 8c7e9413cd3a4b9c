// A small XML parser for the parts of a Word file: one pass over the string
// with indexOf, no DOM. It builds a light tree of the elements a caller asks
// to keep, with names rewritten to the usual prefixes by namespace URI (so a
// file that binds the WordprocessingML namespace to "ns0" still reads as
// "w:p"). mc:AlternateContent is replaced by its Fallback, as Word readers do.
// Anything that is not well-formed raises XmlError.

export class XmlError extends Error {}

export class El {
  constructor(
    readonly name: string,
    readonly attrs: Record<string, string>,
    readonly children: XmlNode[],
  ) {}
  first(name: string): El | undefined {
    for (const c of this.children) if (typeof c !== 'string' && c.name === name) return c;
    return undefined;
  }
  attr(name: string): string | undefined {
    return this.attrs[name];
  }
  /** The element's text, its direct text children joined. */
  text(): string {
    let t = '';
    for (const c of this.children) if (typeof c === 'string') t += c;
    return t;
  }
}

export type XmlNode = El | string;

export const NAMESPACES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/picture': 'pic',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'content-types',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'relationships',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:word': 'office-word',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'wordml',
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main': 'x',
  'http://purl.oclc.org/ooxml/spreadsheetml/main': 'x',
};

export interface ParseOptions {
  /** elements whose text children are kept (canonical names); other text is dropped */
  textIn?: ReadonlySet<string>;
  /** elements dropped with everything inside them (still checked for well-formedness) */
  skip?: ReadonlySet<string>;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));|&/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, at: number, src: string): string {
  return s.replace(ENTITY, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined || dec !== undefined) {
      const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
      if (code > 0x10ffff || code === 0) fail(`character reference ${m} out of range`, at, src);
      return String.fromCodePoint(code);
    }
    if (name !== undefined) {
      const v = NAMED[name];
      if (v === undefined) fail(`undefined entity &${name};`, at, src);
      return v;
    }
    fail('a bare & (not an entity reference)', at, src);
  });
}

function lineOf(src: string, at: number): number {
  let line = 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < at; i = src.indexOf('\n', i + 1)) line++;
  return line;
}

function fail(msg: string, at: number, src: string): never {
  throw new XmlError(`${msg} (line ${lineOf(src, at)})`);
}

/** Namespace scope: prefix -> URI, and a cache of raw name -> canonical name. */
class Scope {
  readonly names = new Map<string, string>();
  constructor(readonly prefixes: Map<string, string>) {}
  canon(raw: string, isAttr: boolean): string {
    const key = isAttr ? '@' + raw : raw;
    let c = this.names.get(key);
    if (c !== undefined) return c;
    const colon = raw.indexOf(':');
    let uri: string | undefined;
    let local = raw;
    if (colon >= 0) {
      const prefix = raw.slice(0, colon);
      local = raw.slice(colon + 1);
      if (prefix === 'xml') uri = 'http://www.w3.org/XML/1998/namespace';
      else if (prefix === 'xmlns') uri = 'http://www.w3.org/2000/xmlns/';
      else {
        uri = this.prefixes.get(prefix);
        if (uri === undefined) throw new XmlError(`unbound namespace prefix ${prefix} in <${raw}>`);
      }
    } else if (!isAttr) {
      uri = this.prefixes.get('');
    }
    if (!uri) c = local;
    else {
      const p = NAMESPACES[uri];
      c = p ? `${p}:${local}` : uri === 'http://www.w3.org/XML/1998/namespace' ? `xml:${local}` : `{${uri}}${local}`;
    }
    this.names.set(key, c);
    return c;
  }
}

// characters no XML name holds (a cheap check, not the full NameChar rules)
const BAD_NAME = /[<>&"'!?;,()[\]{}^`|\\]|^[-.0-9]/;

// the rest of a tag up to its '>': quoted values hold no '<', no bare '<'
// (the checks of parseXml's loop for a skipped element's tags)
const TAG_REST = /(?:[^"'<>]|"[^"<]*"|'[^'<]*')*>/y;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

// a tag's or attribute's name: up to a space, >, / or =
const NAME = /[^ \n\t\r>/=]*/y;

/** Parse an XML part into a tree of kept elements; returns the root element. */
export function parseXml(src: string, opts: ParseOptions = {}): El {
  const textIn = opts.textIn;
  const skip = opts.skip;
  const n = src.length;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let root: El | undefined;
  // open elements: raw name (to match the close tag), element (null when skipped)
  const rawStack: string[] = [];
  const elStack: (El | null)[] = [];
  const scopeStack: Scope[] = [];
  let scope = new Scope(new Map());
  let skipping = 0; // depth inside a skipped element
  let keepText = false;
  let nextAmp = src.indexOf('&');

  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      if (rawStack.length === 0) {
        for (let k = i; k < textEnd; k++) if (!isSpace(src.charCodeAt(k))) fail('text outside the root element', k, src);
      } else if (keepText && skipping === 0) {
        let t = src.slice(i, textEnd);
        if (t.indexOf('&') >= 0) t = decode(t, i, src);
        if (t.indexOf('\r') >= 0) t = t.replace(/\r\n?/g, '\n');
        elStack[elStack.length - 1]!.children.push(t);
      } else {
        // dropped text: still check its entity references
        if (nextAmp >= 0 && nextAmp < i) nextAmp = src.indexOf('&', i);
        if (nextAmp >= 0 && nextAmp < textEnd) decode(src.slice(i, textEnd), i, src);
      }
    }
    if (lt < 0) break;
    const c = src.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const end = src.indexOf('>', lt);
      if (end < 0) fail('unterminated close tag', lt, src);
      let nameEnd = end;
      while (nameEnd > lt + 2 && isSpace(src.charCodeAt(nameEnd - 1))) nameEnd--;
      const raw = src.slice(lt + 2, nameEnd);
      const open = rawStack.pop();
      if (open === undefined) fail(`close tag </${raw}> without an open element`, lt, src);
      if (open !== raw) fail(`close tag </${raw}> does not match <${open}>`, lt, src);
      const el = elStack.pop()!;
      scope = scopeStack.pop()!;
      if (skipping > 0) skipping--;
      else if (el) close(el);
      keepText = textIn !== undefined && elStack.length > 0 && elStack[elStack.length - 1] !== null && textIn.has(elStack[elStack.length - 1]!.name);
      i = end + 1;
      continue;
    }
    if (c === 63 /* ? */) {
      const end = src.indexOf('?>', lt + 2);
      if (end < 0) fail('unterminated processing instruction', lt, src);
      i = end + 2;
      continue;
    }
    if (c === 33 /* ! */) {
      if (src.startsWith('<!--', lt)) {
        const end = src.indexOf('-->', lt + 4);
        if (end < 0) fail('unterminated comment', lt, src);
        i = end + 3;
      } else if (src.startsWith('<![CDATA[', lt)) {
        const end = src.indexOf(']]>', lt + 9);
        if (end < 0) fail('unterminated CDATA section', lt, src);
        if (rawStack.length === 0) fail('CDATA outside the root element', lt, src);
        if (keepText && skipping === 0) elStack[elStack.length - 1]!.children.push(src.slice(lt + 9, end));
        i = end + 3;
      } else if (src.startsWith('<!DOCTYPE', lt)) {
        const end = src.indexOf('>', lt);
        const bracket = src.indexOf('[', lt);
        if (end < 0 || (bracket >= 0 && bracket < end)) fail('document type declarations are not supported', lt, src);
        i = end + 1;
      } else fail('unexpected <!', lt, src);
      continue;
    }
    // open tag
    NAME.lastIndex = lt + 1;
    NAME.test(src);
    let j = NAME.lastIndex;
    const raw = src.slice(lt + 1, j);
    if (raw.length === 0 || BAD_NAME.test(raw)) fail(`bad tag name <${raw}`, lt, src);
    if (root !== undefined && rawStack.length === 0) fail('a second root element', lt, src);
    let rawAttrs: string[] | null = null;
    let selfClose = false;
    if (skipping > 0) {
      // inside a skipped element: find the tag's end without building its
      // attributes, by one regular expression (compiled code) for a well-formed
      // tag; the loop below only when it fails, to say why
      TAG_REST.lastIndex = j;
      if (TAG_REST.test(src)) {
        j = TAG_REST.lastIndex;
        selfClose = src.charCodeAt(j - 2) === 47;
      } else for (;;) {
        if (j >= n) fail(`unterminated tag <${raw}`, lt, src);
        const d = src.charCodeAt(j);
        if (d === 62) { selfClose = src.charCodeAt(j - 1) === 47; j++; break; }
        if (d === 34 || d === 39) {
          const q = src.indexOf(d === 34 ? '"' : "'", j + 1);
          if (q < 0) fail(`unterminated attribute value in <${raw}>`, j, src);
          if (src.indexOf('<', j + 1) < q && src.indexOf('<', j + 1) >= 0) fail(`< in an attribute value of <${raw}>`, j, src);
          j = q + 1;
        } else if (d === 60) fail(`unterminated tag <${raw}`, lt, src);
        else j++;
      }
      if (selfClose) { i = j; continue; }
      rawStack.push(raw);
      elStack.push(null);
      scopeStack.push(scope);
      skipping++;
      i = j;
      continue;
    }
    for (;;) {
      while (j < n && isSpace(src.charCodeAt(j))) j++;
      if (j >= n) fail(`unterminated tag <${raw}`, lt, src);
      const d = src.charCodeAt(j);
      if (d === 62) { j++; break; }
      if (d === 47) {
        if (src.charCodeAt(j + 1) !== 62) fail(`bad / in tag <${raw}>`, j, src);
        selfClose = true;
        j += 2;
        break;
      }
      const a0 = j;
      NAME.lastIndex = j;
      NAME.test(src);
      j = NAME.lastIndex;
      const aname = src.slice(a0, j);
      if (aname.length === 0 || BAD_NAME.test(aname)) fail(`bad attribute name ${aname} in <${raw}>`, a0, src);
      while (j < n && isSpace(src.charCodeAt(j))) j++;
      if (src.charCodeAt(j) !== 61) fail(`attribute ${aname} without a value in <${raw}>`, j, src);
      j++;
      while (j < n && isSpace(src.charCodeAt(j))) j++;
      const q = src.charCodeAt(j);
      if (q !== 34 && q !== 39) fail(`unquoted attribute value ${aname} in <${raw}>`, j, src);
      const vEnd = src.indexOf(q === 34 ? '"' : "'", j + 1);
      if (vEnd < 0) fail(`unterminated attribute value ${aname} in <${raw}>`, j, src);
      let v = src.slice(j + 1, vEnd);
      if (v.indexOf('<') >= 0) fail(`< in attribute value ${aname} of <${raw}>`, j, src);
      if (v.indexOf('&') >= 0) v = decode(v, j, src);
      (rawAttrs ??= []).push(aname, v);
      j = vEnd + 1;
      const after = src.charCodeAt(j);
      if (!isSpace(after) && after !== 62 && after !== 47) fail(`no space after attribute ${aname} in <${raw}>`, j, src);
    }
    i = j;
    // namespace declarations open a new scope
    let elScope = scope;
    if (rawAttrs) {
      let prefixes: Map<string, string> | null = null;
      for (let k = 0; k < rawAttrs.length; k += 2) {
        const an = rawAttrs[k];
        if (an === 'xmlns' || an.startsWith('xmlns:')) {
          prefixes ??= new Map(scope.prefixes);
          prefixes.set(an === 'xmlns' ? '' : an.slice(6), rawAttrs[k + 1]);
        }
      }
      if (prefixes) elScope = new Scope(prefixes);
    }
    const name = elScope.canon(raw, false);
    let el: El | null = null;
    if (skipping > 0 || (skip !== undefined && skip.has(name))) {
      if (!selfClose) skipping++;
    } else {
      const attrs: Record<string, string> = {};
      if (rawAttrs) {
        for (let k = 0; k < rawAttrs.length; k += 2) {
          const an = elScope.canon(rawAttrs[k], true);
          if (an in attrs) fail(`attribute ${rawAttrs[k]} repeated in <${raw}>`, lt, src);
          attrs[an] = rawAttrs[k + 1];
        }
      }
      el = new El(name, attrs, []);
      if (root === undefined) root = el;
      if (selfClose) close(el);
    }
    if (root === undefined && rawStack.length === 0) root = new El(name, {}, []); // a skipped root
    if (!selfClose) {
      rawStack.push(raw);
      elStack.push(el);
      scopeStack.push(scope);
      scope = elScope;
      keepText = textIn !== undefined && el !== null && textIn.has(name);
    } else if (rawStack.length === 0) {
      // a self-closed root: the document ends here
    }
  }
  if (rawStack.length > 0) fail(`<${rawStack[rawStack.length - 1]}> is not closed at the end of the part`, n, src);
  if (root === undefined) fail('no root element', 0, src);
  return root;

  // attach a finished element to its parent; AlternateContent becomes its Fallback
  function close(el: El) {
    let parent: El | null | undefined;
    for (let k = elStack.length - 1; k >= 0; k--) {
      parent = elStack[k];
      break;
    }
    if (!parent) return; // the root
    if (el.name === 'mc:AlternateContent') {
      const fallback = el.first('mc:Fallback');
      if (fallback) for (const ch of fallback.children) parent.children.push(ch);
    } else parent.children.push(el);
  }
}
