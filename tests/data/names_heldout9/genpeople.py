import glob, importlib.util, os
HERE=os.path.dirname(os.path.abspath(__file__))
rows=[]
for p in sorted(glob.glob(os.path.join(HERE,'parts','*.py'))):
    spec=importlib.util.spec_from_file_location('x',p);m=importlib.util.module_from_spec(spec);spec.loader.exec_module(m)
    for n,(c,k,t) in m.WHO.items(): rows.append((n,c,k,t))
with open(os.path.join(HERE,'people.py'),'w',encoding='utf-8') as f:
    f.write('"""Every real person named in a person prompt of names_heldout9.jsonl: (canonical name, country, continent, tier)."""\n\nPEOPLE = [\n')
    for r in rows: f.write('    (%r, %r, %r, %r),\n' % r)
    f.write(']\n')
