"""crds/ is generated from the models; these tests pin that and the schema's contract parts."""

from pathlib import Path

import yaml

from controller.api.crdgen import build_crds, crd_filename, render_crd

CRD_DIR = Path(__file__).resolve().parents[2] / "crds"


def test_crds_directory_equals_generator_output() -> None:
    for crd in build_crds():
        path = CRD_DIR / crd_filename(crd)
        assert path.exists(), f"{path} missing: run `make crds`"
        assert path.read_text() == render_crd(crd), f"{path} is stale: run `make crds`"


def test_crd_names_are_the_contract() -> None:
    names = {c["spec"]["names"]["kind"]: c["spec"]["names"] for c in build_crds()}
    assert names["HealingPolicy"]["shortNames"] == ["hpol"]
    assert names["Incident"]["shortNames"] == ["inc"]
    assert names["HostReport"]["shortNames"] == ["hrep"]
    assert all(n["categories"] == ["healing"] for n in names.values())
    assert all(c["spec"]["scope"] == "Cluster" for c in build_crds())


def test_incident_printer_columns_are_the_contract() -> None:
    incident = next(c for c in build_crds() if c["spec"]["names"]["kind"] == "Incident")
    columns = [
        c["name"].upper()
        for c in incident["spec"]["versions"][0]["additionalPrinterColumns"]
        if c.get("priority", 0) == 0
    ]
    assert columns == ["NODE", "TARGET", "PATTERN", "PHASE", "ACTION", "ATTEMPTS", "AGE"]


def _walk(schema, path="$"):
    yield path, schema
    for name, prop in schema.get("properties", {}).items():
        yield from _walk(prop, f"{path}.{name}")
    if "items" in schema:
        yield from _walk(schema["items"], f"{path}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _walk(schema["additionalProperties"], f"{path}{{}}")


def test_schemas_are_structural() -> None:
    for crd in build_crds():
        root = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
        for path, node in _walk(root):
            assert "type" in node or node.get("x-kubernetes-preserve-unknown-fields"), f"{path} has no type"
            for forbidden in ("$ref", "anyOf", "allOf", "oneOf", "title"):
                assert forbidden not in node, f"{path} uses {forbidden}"


def test_nested_spec_objects_default_so_their_fields_default() -> None:
    policy = next(c for c in build_crds() if c["spec"]["names"]["kind"] == "HealingPolicy")
    spec = policy["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]
    for name in ("verify", "backoff", "limits", "stuck", "nodeSelector"):
        assert isinstance(spec["properties"][name].get("default"), dict), name
    assert spec["properties"]["backoff"]["default"]["max"] == "10m"
    assert spec["properties"]["mode"]["default"] == "Auto"
    assert spec["properties"]["actions"]["default"] == ["restart"]
    # and the YAML round-trips
    assert yaml.safe_load(render_crd(policy)) == policy
