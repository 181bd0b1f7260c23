import { decideInputTexts, decideText } from './input-text';

describe('decideText (the one text rule)', () => {
  it('normalises decomposed Vietnamese to NFC', () => {
    const nfd = 'Ba\u0301o ca\u0301o đươ\u0300ng'.normalize('NFD');
    const d = decideText(nfd);
    expect(d).toEqual({ ok: true, text: 'Báo cáo đường' });
    expect(d.ok && d.text).toBe('Báo cáo đường'.normalize('NFC'));
  });

  it('keeps well-formed text outside the Basic Multilingual Plane', () => {
    expect(decideText('ok \uD83D\uDE00')).toEqual({ ok: true, text: 'ok \uD83D\uDE00' });
  });

  it.each([
    ['a\u0000b', 'noNulCharacter', 1],
    ['\u0000', 'noNulCharacter', 0],
    ['x\uD800', 'noLoneSurrogate', 1],
    ['\uDC00x', 'noLoneSurrogate', 0],
    ['\uD800\uD800\uDC00', 'noLoneSurrogate', 0],
  ])('refuses %j (%s at %i)', (raw, rule, index) => {
    expect(decideText(raw)).toMatchObject({ ok: false, rule, index });
  });
});

describe('decideInputTexts', () => {
  it('names each refused string by its path and normalises the rest', () => {
    const body = JSON.parse('{"title":"Ba\\u0301o","ids":["a","b","c\\u0000"],"n":{"q":"\\udc00"}}');
    const { value, errors } = decideInputTexts(body);
    expect(errors.map((e) => [e.field, e.rule])).toEqual(
      expect.arrayContaining([
        ['ids[2]', 'noNulCharacter'],
        ['n.q', 'noLoneSurrogate'],
      ]),
    );
    expect(errors).toHaveLength(2);
    expect((value as { title: string }).title).toBe('Báo');
    expect(body.title).toBe('Ba\u0301o'); // the input is not changed
  });

  it('checks keys too, and a "__proto__" key stays an own key', () => {
    const body = JSON.parse('{"__proto__":{"polluted":1},"a\\u0000":1}');
    const { value, errors } = decideInputTexts(body);
    expect(errors.map((e) => e.field)).toEqual(['a\u0000']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('prefixes paths and leaves non-text leaves alone', () => {
    const buf = Buffer.from('x');
    const { value, errors } = decideInputTexts({ id: 'a\u0000', n: 3, b: true, z: null, f: buf }, '');
    expect(errors).toEqual([expect.objectContaining({ field: 'id', rule: 'noNulCharacter' })]);
    expect(value).toEqual({ id: 'a\u0000', n: 3, b: true, z: null, f: buf });
    expect(decideInputTexts('x\u0000', 'q').errors[0].field).toBe('q');
  });
});
