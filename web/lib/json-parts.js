// JSON text written in parts, so that a large document (a 20,000-line quote's export with its
// priced result: tens of MB) can be written a part per task and handed to a Blob as its parts,
// never as one long task or one long string.
//
// jsonTextParts(value, {indent, step, depth}) yields strings whose concatenation is exactly
// JSON.stringify(value, null, indent). Objects and arrays down to `depth` are written key by key
// and element by element; an array there with more than `step` elements is written `step`
// elements per part. Everything else is one JSON.stringify call, its lines indented to where it
// sits (a JSON string holds no raw line break, so every "\n" in that text is between tokens).
export function* jsonTextParts(value, { indent = 2, step = 250, depth = 3 } = {}) {
  const pad = (level) => ' '.repeat(indent * level);
  // What JSON.stringify leaves out of an object and writes as null in an array.
  const unwritable = (v) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  const leaf = (v, level) => {
    const text = JSON.stringify(v, null, indent);
    return level && indent ? text.replaceAll('\n', `\n${pad(level)}`) : text;
  };
  // The text of `v` at `level`, in parts; undefined when JSON leaves it out (as an object's value).
  function* write(v, level) {
    const walked = v !== null && typeof v === 'object' && typeof v.toJSON !== 'function' && level < depth;
    if (!walked) {
      yield leaf(v, level);
      return;
    }
    const inner = indent ? `\n${pad(level + 1)}` : '';
    const close = indent ? `\n${pad(level)}` : '';
    if (Array.isArray(v)) {
      if (!v.length) {
        yield '[]';
        return;
      }
      let part = '[';
      for (let i = 0; i < v.length; i += 1) {
        const element = v[i];
        const text = unwritable(element) ? 'null' : [...write(element, level + 1)].join('');
        part += `${i ? ',' : ''}${inner}${text}`;
        if ((i + 1) % step === 0 && i + 1 < v.length) {
          yield part;
          part = '';
        }
      }
      yield `${part}${close}]`;
      return;
    }
    let part = '{';
    let first = true;
    for (const key of Object.keys(v)) {
      const member = v[key];
      if (unwritable(member)) continue;
      part += `${first ? '' : ','}${inner}${JSON.stringify(key)}:${indent ? ' ' : ''}`;
      first = false;
      for (const text of write(member, level + 1)) {
        part += text;
        // A part grown past 64 KB (a long list's step of elements, or small ones gathered) is
        // handed out at once.
        if (part.length > 65536) {
          yield part;
          part = '';
        }
      }
    }
    yield first ? '{}' : `${part}${close}}`;
  }
  yield* write(value, 0);
}
