#!/usr/bin/env python3
"""Writes a C file that holds a data file as a string: embed.py SYMBOL IN OUT."""
import sys

symbol, src, dst = sys.argv[1:4]
data = open(src, 'rb').read()
with open(dst, 'w') as out:
    out.write('/* Generated from %s by scripts/embed.py; do not edit. */\n' % src.split('/')[-1])
    out.write('#include <stddef.h>\n\n')
    out.write('const char %s[] =\n' % symbol)
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        out.write('\t"' + ''.join('\\x%02x' % b for b in chunk) + '"\n')
    out.write(';\n')
    out.write('const size_t %s_len = %d;\n' % (symbol, len(data)))
