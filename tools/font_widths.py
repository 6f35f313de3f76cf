#!/usr/bin/env python3
"""Prints the C table of glyph advance widths that render/svg/font_metrics.c
holds: DejaVu Sans (Book and Bold), in thousandths of an em, for U+0020 to
U+00FF and the few other characters graph labels use. Standard library only:
reads the TrueType 'head', 'cmap' (format 4) and 'hmtx' tables itself.

  tools/font_widths.py /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \\
                       /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
"""
import struct
import sys

EXTRA = [0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2192, 0x25A3]


def tables(data):
    n = struct.unpack('>H', data[4:6])[0]
    out = {}
    for i in range(n):
        tag, _, off, length = struct.unpack('>4sIII', data[12 + 16 * i:28 + 16 * i])
        out[tag.decode()] = data[off:off + length]
    return out


def cmap4(cmap):
    n = struct.unpack('>H', cmap[2:4])[0]
    for i in range(n):
        pid, eid, off = struct.unpack('>HHI', cmap[4 + 8 * i:12 + 8 * i])
        if pid == 3 and eid == 1:
            sub = cmap[off:]
            assert struct.unpack('>H', sub[0:2])[0] == 4
            segx2 = struct.unpack('>H', sub[6:8])[0]
            seg = segx2 // 2
            ends = struct.unpack(f'>{seg}H', sub[14:14 + segx2])
            starts = struct.unpack(f'>{seg}H', sub[16 + segx2:16 + 2 * segx2])
            deltas = struct.unpack(f'>{seg}h', sub[16 + 2 * segx2:16 + 3 * segx2])
            ro_at = 16 + 3 * segx2
            ros = struct.unpack(f'>{seg}H', sub[ro_at:ro_at + segx2])

            def glyph(cp):
                for k in range(seg):
                    if starts[k] <= cp <= ends[k]:
                        if ros[k] == 0:
                            return (cp + deltas[k]) & 0xFFFF
                        at = ro_at + 2 * k + ros[k] + 2 * (cp - starts[k])
                        g = struct.unpack('>H', sub[at:at + 2])[0]
                        return (g + deltas[k]) & 0xFFFF if g else 0
                return 0
            return glyph
    raise SystemExit('no Unicode cmap')


def widths(path):
    data = open(path, 'rb').read()
    t = tables(data)
    upem = struct.unpack('>H', t['head'][18:20])[0]
    nh = struct.unpack('>H', t['hhea'][34:36])[0]
    hmtx = t['hmtx']
    glyph = cmap4(t['cmap'])

    def adv(cp):
        g = glyph(cp)
        g = min(g, nh - 1)
        return round(struct.unpack('>H', hmtx[4 * g:4 * g + 2])[0] * 1000 / upem)
    cps = list(range(0x20, 0x100)) + EXTRA
    return [(cp, adv(cp)) for cp in cps], adv(ord('n'))


def main():
    for name, path in zip(('book', 'bold'), sys.argv[1:3]):
        ws, _ = widths(path)
        print(f'/* DejaVu Sans {name}: {path.rsplit("/", 1)[-1]} */')
        print(f'static const unsigned short {name}_latin[224] = {{')
        latin = [w for cp, w in ws if cp < 0x100]
        for i in range(0, len(latin), 16):
            print('\t' + ', '.join(str(w) for w in latin[i:i + 16]) + ',')
        print('};')
        print(f'static const struct wide {name}_other[] = {{')
        for cp, w in ws:
            if cp >= 0x100:
                print(f'\t{{0x{cp:04X}, {w}}},')
        print('};')


if __name__ == '__main__':
    main()
