"""Writes a copy of an example scenario with a one-parameter [sweep] appended, its relative
paths (the rules folder, a premises file beside it) made absolute so that the copy runs from
any folder.

usage: swept_copy.py SCENARIO.toml COPY.toml KEY LABEL VALUES   (VALUES as TOML, e.g. "[80, 99]")"""

import pathlib
import sys


def main():
    src, dst, key, label, values = sys.argv[1:6]
    here = pathlib.Path(src).parent
    text = pathlib.Path(src).read_text()
    text = text.replace('"../rules/', '"' + str(here.parent / "rules") + "/")
    text = text.replace('premises = "premises.geojson"',
                        'premises = "' + str(here / "premises.geojson") + '"')
    text += (f'\n[sweep]\nmode = "product"\n\n[[sweep.param]]\nkey = "{key}"\n'
             f'label = "{label}"\nvalues = {values}\n')
    pathlib.Path(dst).write_text(text)


if __name__ == "__main__":
    main()
