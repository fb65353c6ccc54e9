'use strict';
// Mapbox Vector Tiles for Leaflet, without a library: a small reader of the tiles' protocol
// buffers (MVT 2.1) and a canvas grid layer that fetches Wangge's tiles (with the caller's token)
// and draws them. Debian ships no vector-tile plugin for Leaflet; this is the part the map needs.

const WanggeVectorTiles = (() => {
  // ---- protocol buffers ----
  function reader(bytes) { return { b: bytes, i: 0 }; }
  function varint(r) {
    let result = 0, shift = 1, byte;
    do {
      byte = r.b[r.i++];
      result += (byte & 0x7f) * shift;
      shift *= 128;
    } while (byte >= 0x80);
    return result;
  }
  function skip(r, wire) {
    if (wire === 0) varint(r);
    else if (wire === 1) r.i += 8;
    else if (wire === 2) { const n = varint(r); r.i += n; }
    else if (wire === 5) r.i += 4;
    else throw new Error('unknown wire type ' + wire);
  }
  function fields(r, end, each) {
    while (r.i < end) {
      const key = varint(r);
      each(key >> 3, key & 7);
    }
  }
  function text(r) {
    const n = varint(r);
    const s = new TextDecoder().decode(r.b.subarray(r.i, r.i + n));
    r.i += n;
    return s;
  }
  function packed(r) {
    const end = varint(r) + r.i;
    const out = [];
    while (r.i < end) out.push(varint(r));
    return out;
  }
  function value(r) {
    const end = varint(r) + r.i;
    let v = null;
    fields(r, end, (field, wire) => {
      const view = new DataView(r.b.buffer, r.b.byteOffset + r.i);
      if (field === 1) v = text(r);
      else if (field === 2) { v = view.getFloat32(0, true); r.i += 4; }
      else if (field === 3) { v = view.getFloat64(0, true); r.i += 8; }
      else if (field === 4 || field === 5) v = varint(r);
      else if (field === 6) { const n = varint(r); v = n % 2 ? -(n + 1) / 2 : n / 2; }
      else if (field === 7) v = varint(r) === 1;
      else skip(r, wire);
    });
    return v;
  }
  function zigzag(n) { return n % 2 ? -(n + 1) / 2 : n / 2; }

  // The geometry as lists of {x, y} in tile units: points, line parts, or rings.
  function geometry(commands) {
    const parts = [];
    let x = 0, y = 0, part = null;
    for (let i = 0; i < commands.length;) {
      const id = commands[i] & 7, count = commands[i] >> 3;
      i++;
      if (id === 7) { if (part) part.closed = true; continue; }
      for (let k = 0; k < count; k++) {
        x += zigzag(commands[i++]);
        y += zigzag(commands[i++]);
        if (id === 1) { part = [{ x, y }]; parts.push(part); } else part.push({ x, y });
      }
    }
    return parts;
  }

  // A tile's layers by name: { extent, features: [{ id, type, properties, parts }] }.
  function decode(bytes) {
    const r = reader(bytes);
    const layers = {};
    fields(r, bytes.length, (field, wire) => {
      if (field !== 3) return skip(r, wire);
      const end = varint(r) + r.i;
      const layer = { name: '', extent: 4096, features: [] };
      const keys = [], values = [], raw = [];
      fields(r, end, (f, w) => {
        if (f === 1) layer.name = text(r);
        else if (f === 2) {
          const fend = varint(r) + r.i;
          const feature = { id: null, type: 0, tags: [], commands: [] };
          fields(r, fend, (g, gw) => {
            if (g === 1) feature.id = varint(r);
            else if (g === 2) feature.tags = packed(r);
            else if (g === 3) feature.type = varint(r);
            else if (g === 4) feature.commands = packed(r);
            else skip(r, gw);
          });
          raw.push(feature);
        } else if (f === 3) keys.push(text(r));
        else if (f === 4) values.push(value(r));
        else if (f === 5) layer.extent = varint(r);
        else skip(r, w);
      });
      for (const f of raw) {
        const properties = {};
        for (let k = 0; k + 1 < f.tags.length; k += 2) properties[keys[f.tags[k]]] = values[f.tags[k + 1]];
        layer.features.push({ id: f.id, type: f.type, properties, parts: geometry(f.commands) });
      }
      layers[layer.name] = layer;
    });
    return layers;
  }

  // ---- drawing ----
  // options: url(coords) → path; headers() → fetch headers; style(feature) → {radius, fill, stroke};
  // onTile(count) after each tile is drawn.
  const Layer = L.GridLayer.extend({
    createTile(coords, done) {
      const size = this.getTileSize();
      const canvas = L.DomUtil.create('canvas', 'leaflet-tile');
      canvas.width = size.x;
      canvas.height = size.y;
      const options = this.options;
      fetch(options.url(coords), { headers: options.headers() })
        .then((response) => {
          if (response.status === 204) return new Uint8Array(0);
          if (!response.ok) throw new Error('tile ' + coords.z + '/' + coords.y + '/' + coords.x + ': ' + response.status);
          return response.arrayBuffer().then((b) => new Uint8Array(b));
        })
        .then((bytes) => {
          const layers = decode(bytes);
          const ctx = canvas.getContext('2d');
          let drawn = 0;
          for (const layer of Object.values(layers)) {
            const scale = size.x / layer.extent;
            for (const f of layer.features) {
              const s = options.style(f);
              ctx.fillStyle = s.fill;
              ctx.strokeStyle = s.stroke || '#fff';
              ctx.lineWidth = 1;
              if (f.type === 1) {
                for (const part of f.parts) {
                  for (const p of part) {
                    ctx.beginPath();
                    ctx.arc(p.x * scale, p.y * scale, s.radius || 4, 0, 2 * Math.PI);
                    ctx.fill();
                    ctx.stroke();
                  }
                }
              } else {
                ctx.beginPath();
                for (const part of f.parts) {
                  part.forEach((p, k) => (k ? ctx.lineTo(p.x * scale, p.y * scale) : ctx.moveTo(p.x * scale, p.y * scale)));
                  if (part.closed) ctx.closePath();
                }
                if (f.type === 3) ctx.fill('evenodd');
                ctx.stroke();
              }
              drawn++;
            }
          }
          if (options.onTile) options.onTile(drawn);
          done(null, canvas);
        })
        .catch((error) => done(error, canvas));
      return canvas;
    },
  });

  return { decode, layer: (options) => new Layer(options) };
})();
