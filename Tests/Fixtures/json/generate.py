"""Generates the expected outputs in this folder ONCE from independent Python implementations.

Run: python3 -m venv /tmp/venv-json && /tmp/venv-json/bin/pip install rfc8785
     /tmp/venv-json/bin/python Tests/Fixtures/json/generate.py
The Swift tests only read the files written here; they never need Python.
"""
import json, os, random, struct
import rfc8785

here = os.path.dirname(os.path.abspath(__file__))

def write(name, data):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)

# Pretty and compact writers: a document whose keys sort differently by code point, UTF-16 and Swift String order, with
# non-ASCII, emoji, control characters, DEL, empty containers and numbers as Python prints them.
tricky = {
    "b": 1, "a": [], "B": {}, "_": "underscore", "": "empty key", " ": "space key",
    "\u00e9": "e-acute precomposed (NFC)", "e\u0301": "e + combining acute (NFD)",
    "\ue000": "private use U+E000", "\U0001F600": "emoji key U+1F600", "\uffff": "U+FFFF",
    "\u007f": "DEL key", "\t": "tab key", "\u0000nul": "NUL key", "Z": "Z", "z": "z", "10": 10, "9": 9,
    "\u00e4": "a-umlaut", "\u212b": "angstrom sign (canonically U+00C5)", "\u00c5": "A-ring",
    "strings": [
        "na\u00efve caf\u00e9", "emoji \U0001F600 and \U0001D11E clef", "controls \u0000\u0001\u001f",
        "short \b\f\n\r\t", "quote \" backslash \\ slash /", "DEL \u007f", "separators \u2028\u2029",
        "bmp \u4e2d\u6587 \uffff", "", "plain ascii that is longer than eight bytes",
    ],
    "numbers": [1.0, 100000.0, -0.0, 0, 0.0, 1e16, 1.5e-07, 123456789012345678901234567890, 3.141592653589793,
                -1, 1e300, 5e-324, 1.7976931348623157e308, 2.5, -123.456],
    "empties": [[], {}, [[]], [{}], {"x": {}}, {"y": []}],
    "literals": [True, False, None],
    "nested": {"deeper": {"deepest": [1, [2, [3, {"k": "v"}]]]}},
}
tricky_input = json.dumps(tricky, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
parsed = json.loads(tricky_input)
write("tricky.json", tricky_input)
write("tricky.pretty.json", json.dumps(parsed, indent=2, sort_keys=True).encode("ascii"))

# Canonical (RFC 8785) vectors: inputs as JSON text, expected bytes from the rfc8785 package. JSON numbers are
# IEEE doubles in JCS, so integers are read as floats too.
inputs = [
    '0', '-0', '0.0', '-0.0', '1', '1.0', '100', '1e2', '1E+2', '-1', '1e21', '1e20', '1e-7', '1e-6', '0.000001',
    '1e-27', '123456789012345678901', '9007199254740993', '9007199254740992', '295147905179352825856',
    '333333333.33333329', '1E30', '4.50', '2e-3', '0.000000000000000000000000001', '5e-324', '-5e-324',
    '1.7976931348623157e308', '2.2250738585072014e-308', '9.999999999999997e-7', '0.1', '0.2', '0.30000000000000004',
    '1e-400', '123.456', '-123.456e-10', '1e+16', '12345678901234567', '0.000123', '1.5e300',
    '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],'
    '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",'
    '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    '{"\\ue000":1,"\\ud83d\\ude00":2,"\\uffff":3,"a":4,"A":5,"":6}',
    '"controls \\u0000\\u0001\\b\\f\\n\\r\\t\\u001f\\u007f \\u2028 done"',
    '{"b":{"z":[],"y":{}},"a":[1,{"d":null,"c":true}]}',
    '[]', '{}', '"na\u00efve \U0001F600"',
]
random.seed(8785)
for _ in range(150):
    bits = random.getrandbits(64)
    value = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if value != value or value in (float("inf"), float("-inf")):
        continue
    inputs.append(repr(value))
for _ in range(50):
    inputs.append(repr(random.uniform(-1e6, 1e6)))
vectors = []
for text in inputs:
    value = json.loads(text, parse_int=float)
    vectors.append({"input": text, "canonical": rfc8785.dumps(value).decode("utf-8")})
write("canonical-vectors.json", json.dumps(vectors, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
