#!/usr/bin/env python3
"""Checks Open311 responses for the black-box tests (tests/api/open311_test.cc).

  validate.py json SCHEMA FILE          FILE (a JSON response) is valid against schemas/SCHEMA
  validate.py xml  JSONFILE XMLFILE     XMLFILE is well-formed UTF-8 XML that carries the same data

JSON Schema validation is python3-jsonschema (Debian package); $ref between the schema files is
resolved locally, and the "date-time" and "uri" formats are checked here so that the check does not
depend on which optional format packages are installed. Exit status 0 = valid; else a message.
"""
import datetime
import json
import os
import re
import sys
import urllib.parse
import warnings
import xml.etree.ElementTree as ET

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")
BASE = "https://open311.test/schemas/"

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_date_time(value):
    if not isinstance(value, str):
        return True
    if not DATE_TIME.match(value):
        return False
    datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


def check_uri(value):
    if not isinstance(value, str):
        return True
    u = urllib.parse.urlsplit(value)
    return bool(u.scheme) and bool(u.netloc) and " " not in value


def validate_json(schema_name, path):
    store = {}
    for name in os.listdir(SCHEMAS):
        if name.endswith(".json"):
            with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
                store[BASE + name] = json.load(f)
    schema = store[BASE + schema_name]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=(ValueError,))(check_date_time)
    checker.checks("uri")(check_uri)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # RefResolver is deprecated in newer jsonschema
        resolver = jsonschema.RefResolver(base_uri=BASE + schema_name, referrer=schema, store=store)
        validator = jsonschema.Draft7Validator(schema, resolver=resolver, format_checker=checker)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        print("%s at %s: %s" % (schema_name, "/".join(str(p) for p in e.absolute_path), e.message))
    return not errors


LISTS = {"services", "service_requests", "service_requests_updates", "errors", "attributes",
         "values", "endpoints", "formats", "notes"}


def from_xml(el):
    if el.tag in LISTS:
        return [from_xml(c) for c in el]
    if len(el):
        return {c.tag: from_xml(c) for c in el}
    return el.text or ""


def same(j, x, where):
    if isinstance(j, list):
        if not isinstance(x, list) or len(j) != len(x):
            return "%s: list of %d in JSON, %r in XML" % (where, len(j), x if not isinstance(x, list) else len(x))
        for i, (a, b) in enumerate(zip(j, x)):
            r = same(a, b, "%s[%d]" % (where, i))
            if r:
                return r
        return None
    if isinstance(j, dict):
        if not isinstance(x, dict):
            return "%s: object in JSON, %r in XML" % (where, x)
        if list(j.keys()) != list(x.keys()):
            return "%s: fields %s in JSON, %s in XML" % (where, list(j.keys()), list(x.keys()))
        for k in j:
            r = same(j[k], x[k], where + "." + k)
            if r:
                return r
        return None
    if j is None:
        return None if x == "" else "%s: null in JSON, %r in XML" % (where, x)
    if isinstance(j, bool):
        return None if x == ("true" if j else "false") else "%s: %r vs %r" % (where, j, x)
    if isinstance(j, float):
        try:
            return None if abs(float(x) - j) < 1e-6 else "%s: %r vs %r" % (where, j, x)
        except ValueError:
            return "%s: %r vs %r" % (where, j, x)
    return None if str(j) == x else "%s: %r vs %r" % (where, j, x)


def validate_xml(json_path, xml_path):
    with open(xml_path, "rb") as f:
        raw = f.read()
    if not raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>'):
        print("no XML declaration with encoding utf-8")
        return False
    raw.decode("utf-8")
    root = ET.fromstring(raw)
    with open(json_path, encoding="utf-8") as f:
        doc = json.load(f)
    problem = same(doc, from_xml(root), root.tag)
    if problem:
        print(problem)
    return problem is None


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "json":
        ok = validate_json(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "xml":
        ok = validate_xml(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
