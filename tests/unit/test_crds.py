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


def _schema(kind: str) -> dict:
    crd = next(c for c in build_crds() if c["spec"]["names"]["kind"] == kind)
    return crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]


def _atomic(node: dict) -> bool:
    return node.get("x-kubernetes-map-type") == "atomic" or node.get("x-kubernetes-list-type") == "atomic"


def test_single_writer_status_blocks_are_owned_whole() -> None:
    """Every object in an Incident's status, and the conditions and counters of a policy's and a host report's, are
    one ownership entry each in managedFields (the API server rewrites that record on every write). Lists without a
    list-type are atomic already; a conditions list keyed by type would bring back one entry per condition field."""
    incident = _schema("Incident")["properties"]
    for name, prop in incident["status"]["properties"].items():
        if prop.get("type") in ("object", "array"):
            assert _atomic(prop) or ("x-kubernetes-list-type" not in prop and prop["type"] == "array"), name
    assert _atomic(incident["spec"]["properties"]["target"])
    policy_status = _schema("HealingPolicy")["properties"]["status"]["properties"]
    for name in ("conditions", "stats", "shadow", "advisor"):
        assert _atomic(policy_status[name]), name
    report_status = _schema("HostReport")["properties"]["status"]["properties"]
    for name in ("conditions", "units", "containers", "memory"):
        assert _atomic(report_status[name]), name


def test_policy_spec_ownership_stays_per_field() -> None:
    """Users and GitOps tools (server-side apply) share a policy's spec field by field: nothing in it is atomic,
    so one manager applying `limits.maxConcurrent` does not take `limits.maxActionsPerHour` from another."""
    spec = _schema("HealingPolicy")["properties"]["spec"]
    atomic = [path for path, node in _walk(spec) if node.get("x-kubernetes-map-type") == "atomic"]
    assert atomic == []
