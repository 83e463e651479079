"""The `healing` command (also installed as `kubectl-heal`). Each command is a thin shell over a module."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from controller import __version__

app = typer.Typer(
    name="healing",
    help="Integrated Healing Operator: autonomous self-healing for Kubernetes clusters and their hosts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"healing {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Integrated Healing Operator."""


@app.command()
def operator(
    namespace: Annotated[
        str, typer.Option(help="Namespace of the operator (for Secrets it is pointed at and peering).")
    ] = "healing-system",
    metrics_port: Annotated[int, typer.Option(help="Prometheus metrics port (0 disables).")] = 8080,
    liveness_port: Annotated[int, typer.Option(help="Kopf liveness endpoint port (0 disables).")] = 8081,
    peering: Annotated[
        str, typer.Option(help="Kopf peering name for one-active-replica; empty for standalone.")
    ] = "",
    shard: Annotated[
        str,
        typer.Option(
            help="This process's shard I/N of N operator processes (0 <= I < N <= 64): it decides the incidents of "
            "the HealingPolicies it owns; shard 0 also runs the pod healer and node conditions. Empty: one shard.",
        ),
    ] = "",
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    advisor_calls_per_hour: Annotated[
        float,
        typer.Option(
            min=0.001, envvar="HEALING_ADVISOR_CALLS_PER_HOUR",
            help="Advisor calls per hour, for all policies together (a token bucket refilled at this rate).",
        ),
    ] = 30.0,
    advisor_burst: Annotated[
        int, typer.Option(min=1, envvar="HEALING_ADVISOR_BURST", help="Advisor calls that may go at once.")
    ] = 5,
    advisor_backoff: Annotated[
        str,
        typer.Option(
            envvar="HEALING_ADVISOR_BACKOFF",
            help="First cooldown after a failed advisor call (doubles per failure up to 1h), e.g. 1m.",
        ),
    ] = "1m",
    advisor_answer_ttl: Annotated[
        str,
        typer.Option(
            envvar="HEALING_ADVISOR_ANSWER_TTL",
            help="How long the advisor's answer about a signature is reused before it is asked again, e.g. 24h.",
        ),
    ] = "24h",
) -> None:
    """Run the operator (kopf) against the current kubeconfig or in-cluster config."""
    from controller.api.common import parse_duration
    from controller.operator.main import AdvisorSettings, run_operator
    from controller.operator.shard import Shard

    try:
        this_shard = Shard.parse(shard) if shard else Shard()
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--shard") from None
    durations = {}
    for hint, text, example in (("--advisor-backoff", advisor_backoff, "1m"),
                                ("--advisor-answer-ttl", advisor_answer_ttl, "24h")):
        try:
            durations[hint] = parse_duration(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint=hint) from None
        if durations[hint] <= 0:
            raise typer.BadParameter(f"must be longer than 0s, e.g. {example}", param_hint=hint)
    run_operator(
        namespace=namespace,
        metrics_port=metrics_port,
        liveness_port=liveness_port,
        peering=peering or None,
        verbose=verbose,
        shard=this_shard,
        advisor=AdvisorSettings(
            advisor_calls_per_hour, advisor_burst, durations["--advisor-backoff"], durations["--advisor-answer-ttl"]
        ),
    )


@app.command()
def agent(
    node: Annotated[str, typer.Option(help="Name of the node this agent runs on.", envvar="NODE_NAME")],
    dbus_address: Annotated[
        str, typer.Option(help="systemd's D-Bus address.", envvar="HEALING_DBUS_ADDRESS")
    ] = "unix:path=/run/dbus/system_bus_socket",
    docker_url: Annotated[
        str, typer.Option(help="Docker engine address.", envvar="DOCKER_HOST")
    ] = "unix:///var/run/docker.sock",
    journal_dir: Annotated[
        str, typer.Option(help="Journal directory to read unit logs from ('' = the local journal).")
    ] = "",
    state_dir: Annotated[
        Path, typer.Option(help="Where executed action ids are remembered across restarts.")
    ] = Path("/var/lib/healing-agent"),
    metrics_port: Annotated[int, typer.Option(help="Prometheus metrics port (0 disables).")] = 9100,
    no_systemd: Annotated[bool, typer.Option("--no-systemd", help="Do not watch systemd.")] = False,
    no_docker: Annotated[bool, typer.Option("--no-docker", help="Do not watch Docker.")] = False,
    heartbeat: Annotated[
        float,
        typer.Option(help="Seconds between HostReport heartbeats; the operator holds this node's incidents after "
                     "3 missed ones.", min=1.0),
    ] = 30.0,
    host_paths: Annotated[
        Path | None,
        typer.Option(
            help="YAML allow-list of the roots cleanDisk, fixPermissions and removeStaleLock may act under "
            "(keys cleanDisk, fixPermissions, removeStaleLock); default: /var/tmp and /var/cache, /var/lib, "
            "/run and /var/lib. Policies can only narrow it.",
            envvar="HEALING_HOST_PATHS",
        ),
    ] = None,
) -> None:
    """Run the host agent for one node (systemd via D-Bus, Docker via its socket)."""
    from controller.agent.hostfs import load_allow_list
    from controller.agent.main import run_agent
    try:
        allow_list = load_allow_list(host_paths)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    run_agent(
        node=node,
        dbus_address=None if no_systemd else dbus_address,
        docker_url=None if no_docker else docker_url,
        journal_dir=journal_dir or None,
        state_dir=state_dir,
        metrics_port=metrics_port,
        host_paths=allow_list,
        heartbeat=heartbeat,
    )


@app.command()
def up(
    node: Annotated[str, typer.Option(help="Node name for this host (default: the hostname).")] = "",
    mode: Annotated[
        str, typer.Option(help="Mode of the default policy: Auto, Approve or Shadow.")
    ] = "Approve",
    policy: Annotated[
        list[Path] | None, typer.Option(help="Apply these HealingPolicy files instead of the default policy.")
    ] = None,
    state_dir: Annotated[
        Path | None,
        typer.Option(help="Where the cluster's data is kept across restarts (default: /var/lib/healing as root, "
                     "$XDG_STATE_HOME/healing otherwise)."),
    ] = None,
) -> None:
    """Start the embedded control plane, install the CRDs, run operator and agent for this host."""
    if mode not in ("Auto", "Approve", "Shadow"):
        typer.echo(f"error: --mode must be Auto, Approve or Shadow, not {mode!r}", err=True)
        raise typer.Exit(2)
    for path in policy or []:
        if not path.is_file():
            typer.echo(f"error: policy file {path} does not exist", err=True)
            raise typer.Exit(2)
    from controller.devenv.up import run_up

    raise typer.Exit(run_up(node=node or None, mode=mode, policy_files=list(policy or []), state_dir=state_dir))


@app.command()
def demo() -> None:
    """A scripted tour on the embedded control plane: break things for real and watch them heal."""
    from controller.devenv.demo import run_demo

    raise typer.Exit(run_demo())


@app.command()
def analyze(
    files: Annotated[list[str] | None, typer.Argument(help="Log files; '-' or nothing reads stdin.")] = None,
    format: Annotated[str, typer.Option("--format", help="text or jsonl.")] = "text",
    all_lines: Annotated[bool, typer.Option("--all", help="Report every line, not only failures.")] = False,
) -> None:
    """Classify log lines with the pattern library."""
    if format not in ("text", "jsonl"):
        typer.echo(f"error: --format must be text or jsonl, not {format!r}", err=True)
        raise typer.Exit(2)
    from controller.patterns.analyze import analyze_command

    raise typer.Exit(analyze_command(list(files or []), format, all_lines, sys.stdout))


@app.command()
def crds(
    write: Annotated[
        Path | None, typer.Option(help="Write one file per CRD into this directory instead of printing.")
    ] = None,
) -> None:
    """Print the CRDs generated from the models (crds/ must equal this output)."""
    from controller.api.crdgen import render_crds, write_crds

    if write is not None:
        for path in write_crds(write):
            typer.echo(str(path))
    else:
        sys.stdout.write(render_crds())


@app.command()
def approve(
    incident: Annotated[str, typer.Argument(help="Incident name.")],
    kubeconfig: Annotated[str | None, typer.Option(envvar="KUBECONFIG")] = None,
) -> None:
    """Approve the pending action of an Incident (sets healing.insa.io/approve=true)."""
    from controller.operator.cli_commands import approve_incident

    raise typer.Exit(approve_incident(incident, kubeconfig))


@app.command()
def report(
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    kubeconfig: Annotated[str | None, typer.Option(envvar="KUBECONFIG")] = None,
) -> None:
    """A table of policies, learning and success rates."""
    from controller.operator.cli_commands import print_report

    raise typer.Exit(print_report(format, kubeconfig))


def _register_dev() -> None:
    from controller.devenv.cli import dev_app

    app.add_typer(dev_app, name="dev", help="The local control plane: dev up | down | env.")


def main() -> None:
    # `dev` pulls in the control-plane tooling (~13 MB): load it only when it can be used or listed, so that
    # long-running processes such as `healing agent` stay small.
    args = sys.argv[1:]
    if args and args[0] in ("agent", "operator"):
        from controller.dependencies import require_dependencies

        require_dependencies(args[0])  # fail closed, before anything imports them
    from controller.redaction import install_log_redaction

    install_log_redaction()
    if not args or args[0] in ("dev", "--help", "-h"):
        _register_dev()
    app()


if __name__ == "__main__":
    main()
