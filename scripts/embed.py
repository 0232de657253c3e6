#!/usr/bin/env python3
"""Writes a C file that holds data files as strings.

    embed.py SYMBOL IN OUT
        one file: const char SYMBOL[]; const size_t SYMBOL_len.
    embed.py --list SYMBOL OUT IN...
        numbered files (001_name.sql, 002_….sql, …, in that order, no gaps):
        const char *const SYMBOL[]; const char *const SYMBOL_names[];
        const size_t SYMBOL_len[]; const size_t SYMBOL_count.
"""
import os
import re
import sys


def c_string(out, data):
    if not data:
        out.write('\t""\n')
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        out.write('\t"' + ''.join('\\x%02x' % b for b in chunk) + '"\n')


def embed_one(symbol, src, dst):
    data = open(src, 'rb').read()
    with open(dst, 'w') as out:
        out.write('/* Generated from %s by scripts/embed.py; do not edit. */\n' % os.path.basename(src))
        out.write('#include <stddef.h>\n\n')
        out.write('const char %s[] =\n' % symbol)
        c_string(out, data)
        out.write(';\n')
        out.write('const size_t %s_len = %d;\n' % (symbol, len(data)))


def embed_list(symbol, dst, srcs):
    names = [os.path.basename(s) for s in srcs]
    for i, name in enumerate(names):
        m = re.match(r'^(\d{3})_[A-Za-z0-9_-]+\.sql$', name)
        if not m or int(m.group(1)) != i + 1:
            sys.exit('embed.py: %s: expected %03d_NAME.sql (numbered from 001, no gaps, in order)'
                     % (name, i + 1))
    datas = [open(s, 'rb').read() for s in srcs]
    with open(dst, 'w') as out:
        out.write('/* Generated from %s by scripts/embed.py; do not edit. */\n' % ', '.join(names))
        out.write('#include <stddef.h>\n\n')
        for i, data in enumerate(datas):
            out.write('static const char %s_%d[] =\n' % (symbol, i + 1))
            c_string(out, data)
            out.write(';\n')
        out.write('\nconst char *const %s[] = {\n' % symbol)
        for i in range(len(datas)):
            out.write('\t%s_%d,\n' % (symbol, i + 1))
        out.write('};\n')
        out.write('const char *const %s_names[] = {\n' % symbol)
        for name in names:
            out.write('\t"%s",\n' % name)
        out.write('};\n')
        out.write('const size_t %s_len[] = {\n' % symbol)
        for data in datas:
            out.write('\t%d,\n' % len(data))
        out.write('};\n')
        out.write('const size_t %s_count = %d;\n' % (symbol, len(datas)))


if len(sys.argv) >= 5 and sys.argv[1] == '--list':
    embed_list(sys.argv[2], sys.argv[3], sys.argv[4:])
elif len(sys.argv) == 4:
    embed_one(*sys.argv[1:4])
else:
    sys.exit(__doc__)
