import { inflateSync } from 'node:zlib';

/**
 * The text of each page of a PDF as Chromium prints it (page.pdf()): enough of the format to read what a test needs
 * to see on paper (page numbers in the margin, the print date), not a general PDF reader. Chromium writes each
 * font with a ToUnicode map and shows text with `<hex> Tj` / `[...] TJ` after `/Fn size Tf` in Flate-compressed
 * content streams, some of it inside Form XObjects (followed here); the pages come in the page tree's order.
 */
export function pdfPagesText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const at = body.search(/stream\r?\n/);
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const start = body.indexOf('\n', at) + 1;
    const end = body.lastIndexOf('endstream');
    let bytes = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
    if (/\/FlateDecode/.test(dict)) {
      try {
        bytes = inflateSync(bytes);
      } catch {
        // Not every stream matters (images); one that cannot be read is left out.
      }
    }
    objects.set(Number(m[1]), { dict, stream: bytes });
  }
  const text = (n: number) => objects.get(n)?.stream?.toString('latin1') ?? '';

  /** Font object number → glyph code (hex) → characters. */
  const cmaps = new Map<number, Map<string, string>>();
  const fromHex = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const [n, o] of objects) {
    const ref = o.dict.match(/\/ToUnicode (\d+) 0 R/);
    if (!ref) continue;
    const map = new Map<string, string>();
    const cmap = text(Number(ref[1]));
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const p of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(p[1].toUpperCase(), fromHex(p[2]));
    }
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const p of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const width = p[1].length;
        for (let c = parseInt(p[1], 16), u = parseInt(p[3], 16); c <= parseInt(p[2], 16); c++, u++) {
          map.set(c.toString(16).toUpperCase().padStart(width, '0'), String.fromCodePoint(u));
        }
      }
    }
    cmaps.set(n, map);
  }

  /** A dictionary's resources (inline or by reference): its fonts and its XObjects, name → object number. */
  const resourcesOf = (dict: string) => {
    let resources = dict.match(/\/Resources\s*(<<[\s\S]*>>)/)?.[1] ?? '';
    const resourcesRef = dict.match(/\/Resources (\d+) 0 R/);
    if (resourcesRef) resources = objects.get(Number(resourcesRef[1]))?.dict ?? '';
    const named = (key: string) => {
      const entries = resources.match(new RegExp(`/${key}\\s*<<([\\s\\S]*?)>>`))?.[1] ?? '';
      return new Map([...entries.matchAll(/\/(\S+?) (\d+) 0 R/g)].map((f) => [f[1], Number(f[2])]));
    };
    return { fonts: named('Font'), xobjects: named('XObject') };
  };

  /**
   * The text a content stream shows, with the Form XObjects it draws (`/Name Do`) read in place, each with its own
   * resources: Skia puts a layer (an element with opacity, a blend, a clip group) in one, text and all.
   */
  const shown = (stream: string, dict: string, depth: number): string => {
    const { fonts, xobjects } = resourcesOf(dict);
    let map: Map<string, string> | undefined;
    let out = '';
    for (const t of stream.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|(ET)|\/(\S+)\s+Do\b/g)) {
      if (t[1]) map = cmaps.get(fonts.get(t[1]) ?? -1);
      const hexes = t[2] ? [...t[2].matchAll(/<([0-9A-Fa-f]*)>/g)].map((h) => h[1]) : t[3] !== undefined ? [t[3]] : [];
      for (const hex of hexes) for (const code of hex.match(/.{4}/g) ?? []) out += map?.get(code.toUpperCase()) ?? '';
      if (t[4]) out += ' ';
      const form = t[5] ? objects.get(xobjects.get(t[5]) ?? -1) : undefined;
      if (form && /\/Subtype\s*\/Form\b/.test(form.dict) && depth < 16) out += ` ${shown(form.stream?.toString('latin1') ?? '', form.dict, depth + 1)} `;
    }
    return out;
  };

  // The pages in their reading order: the page tree's /Kids from its root (the /Pages node nobody lists as a kid).
  const kids = (dict: string) => [...(dict.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  const nodes = [...objects].filter(([, o]) => /\/Type\s*\/Pages\b/.test(o.dict));
  const listed = new Set(nodes.flatMap(([, o]) => kids(o.dict)));
  const inOrder: number[] = [];
  const walk = (n: number, depth: number) => {
    const o = objects.get(n);
    if (!o || depth > 32) return;
    if (/\/Type\s*\/Pages\b/.test(o.dict)) kids(o.dict).forEach((k) => walk(k, depth + 1));
    else if (/\/Type\s*\/Page\b/.test(o.dict)) inOrder.push(n);
  };
  nodes.filter(([n]) => !listed.has(n)).forEach(([n]) => walk(n, 0));

  const pages: string[] = [];
  for (const n of inOrder) {
    const o = objects.get(n) as { dict: string };
    const contents = o.dict.match(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/)?.[1] ?? '';
    let out = '';
    for (const ref of contents.matchAll(/(\d+) 0 R/g)) out += shown(text(Number(ref[1])), o.dict, 0);
    pages.push(out.replace(/\s+/g, ' ').trim());
  }
  return pages;
}
