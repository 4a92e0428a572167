#!/usr/bin/env python3
"""Reads HotSpot's -XX:+PrintAssembly output (hsdis-fcml prints each method's code as hex), disassembles each method C2
compiled with objdump, and prints, for each innermost loop holding FMAs, its size, its FMAs and its vector moves to or
from the stack: an accumulator that C2 keeps on the stack turns the loop into a chain of a store, a load and an FMA
a step. Usage: tile_spills.py ASSEMBLY_OUTPUT"""
import re
import subprocess
import sys
import tempfile

ADDRESS = re.compile(r'\s+0x([0-9a-f]+): ([0-9a-f| ]+)$')
INSTRUCTION = re.compile(r'\s+([0-9a-f]+):\s+(?:[0-9a-f]{2} )+\s*\t(.*)$')
BACKWARD_JUMP = re.compile(r'j\w+\s+0x([0-9a-f]+)')


def methods(lines):
    method = None
    for line in lines:
        if line.startswith('Compiled method'):
            method = {'head': line, 'code': bytearray(), 'base': None}
            yield method
            continue
        match = ADDRESS.match(line) if method else None
        if match:
            address = int(match.group(1), 16)
            if method['base'] is None:
                method['base'] = address
            gap = address - method['base'] - len(method['code'])
            method['code'] += b'\x90' * max(0, gap)
            method['code'] += bytes.fromhex(match.group(2).replace('|', '').replace(' ', ''))


def instructions(method):
    with tempfile.NamedTemporaryFile(suffix='.bin') as code:
        code.write(method['code'])
        code.flush()
        listing = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '-M', 'intel',
                                  '--adjust-vma=%#x' % method['base'], code.name], capture_output=True, text=True).stdout
    return [(int(m.group(1), 16), m.group(2)) for m in map(INSTRUCTION.match, listing.split('\n')) if m]


def main():
    for method in list(methods(open(sys.argv[1], errors='replace').read().split('\n'))):  # each whole first
        if '(c2)' not in method['head'] or ' % ' in method['head'] or method['base'] is None:
            continue  # C2's only; not its on-stack-replacement versions, which run one call's loop (the warm-up's)
        code = instructions(method)
        loops = [(int(j.group(1), 16), at) for at, text in code
                 for j in [BACKWARD_JUMP.match(text)] if j and int(j.group(1), 16) < at]
        innermost = [(lo, hi) for lo, hi in loops
                     if not any((lo, hi) != (l2, h2) and lo <= l2 and h2 <= hi for l2, h2 in loops)]
        for lo, hi in innermost:
            body = [text for at, text in code if lo <= at <= hi]
            fmas = sum('vfmadd' in text for text in body)
            if fmas:
                stack = sum('rsp' in text and ('ymm' in text or 'zmm' in text) for text in body)
                name = method['head'].split('::')[-1].split(' (')[0]
                print(f"{name:20s} loop of {len(body):3d} instructions, "
                      f"{fmas:2d} FMAs, {stack:2d} vector moves to or from the stack{'  <- SPILLS' if stack else ''}")


if __name__ == '__main__':
    main()
