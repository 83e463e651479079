"""The built-in failure pattern library (SPEC section 4).

Every contract pattern id in `controller.constants.PATTERN_IDS` has one `PatternDef` with one or more
regexes. Regexes are written in the subset that Python `re`, Hyperscan and (after `ere.to_ere`) GNU
`grep -E` all understand: no backreferences, no lookarounds, no `\\s` (it would cross newlines in a
buffer scan; write `[ \\t]`), no unbounded repeat at the very end (Hyperscan reports every end offset).

Precision beats recall: a false positive restarts a healthy service. Each regex therefore carries the
context that makes it a failure ("connect ECONNREFUSED", not a bare "ECONNREFUSED" that also appears in
a retry setting), and `VETOES` drops lines that only talk about an error (documentation, recovered
failures).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from controller.constants import PATTERN_IDS

# Per-id specificity: when several patterns match one line, the most specific wins (a port conflict
# also makes the process exit, but the port conflict is what a fix has to address). Root causes rank
# above symptoms (process_crash, container_exit, health_check_failure).
SPECIFICITY: dict[str, int] = {
    "port_conflict": 140,
    "database_lock": 130,
    "disk_full": 120,
    "out_of_memory": 115,
    "permission_denied": 110,
    "dependency_missing": 100,
    "config_error": 95,
    "resource_exhaustion": 90,
    "service_dependency": 80,
    "health_check_failure": 70,
    "connection_refused": 60,
    "network_timeout": 50,
    "container_exit": 40,
    "process_crash": 30,
}

# Symptom patterns: in a window of lines, a root cause found next to them is the better answer.
SYMPTOMS = frozenset({"process_crash", "container_exit", "health_check_failure"})

# User patterns outrank every built-in: the user knows their application.
USER_SPECIFICITY = 1000

# Patterns whose remediation changes the host (freePort, fixPermissions, cleanDisk, removeStaleLock):
# they need a match from their strong evidence; a weak match alone never decides (issue 10).
NEEDS_STRONG_EVIDENCE = frozenset({"port_conflict", "permission_denied", "disk_full", "database_lock"})
STRONG_CONFIDENCE = 0.8
# The notes of the vetoes a `hinted` regex overrides: a line that explains or advises is documentation unless it is
# the program's own error message carrying its hint.
HINTED_VETO_NOTES = frozenset({"documentation", "precaution, not a failure"})


class PatternRegex(BaseModel):
    """One regex of a pattern, with how sure a match makes us."""

    model_config = ConfigDict(frozen=True)

    regex: str
    confidence: float = Field(ge=0.0, le=1.0)
    note: str = ""
    caseless: bool = True
    # Overrides the pattern's specificity for this regex only (e.g. "unable to create new native
    # thread" is an OutOfMemoryError by name but a thread limit, i.e. resource exhaustion).
    priority: int | None = None
    # Strong evidence names the failure unambiguously; weak evidence (a bare EPERM, "access is
    # denied") also appears in benign contexts. An invasive pattern never wins on weak evidence alone.
    strong: bool = True
    # A failure event whatever level it is logged at (containerd logs a container's TaskOOM at info): the
    # info/debug level vetoes (`level_veto`) do not drop it.
    any_level: bool = False
    # A veto that only says the application logged the line at info/debug level (see any_level).
    level_veto: bool = False
    # A level veto that a failure word on the same line cancels (a bracketed level column: "[Info   ] msg=\"i/o
    # timeout\"" is dropped, "[INFO] Error from tcs; ... i/o timeout" and "[Debug] dial ... fail: ..." are not); the
    # words are LEVEL_KEEP.
    soft_level: bool = False
    # A LEVEL_KEEP regex: no pattern, no veto; it cancels the soft level vetoes on its line.
    level_keep: bool = False
    # A program's own error message that carries a hint or an explanation in documentation's words (round 15: PyTorch's
    # "CUDA out of memory. Tried to allocate ... try setting max_split_size_mb to avoid fragmentation. See
    # documentation ..."; round 14: ScyllaDB's "Could not setup Async I/O: ... The most common cause is ..."): the
    # vetoes for documentation and precautions (HINTED_VETO_NOTES) do not drop it; every other veto does.
    hinted: bool = False


class PatternDef(BaseModel):
    """A pattern id with its regexes and the real-world formats they cover."""

    model_config = ConfigDict(frozen=True)

    id: str
    description: str
    formats: tuple[str, ...]
    regexes: tuple[PatternRegex, ...]

    @property
    def specificity(self) -> int:
        return SPECIFICITY.get(self.id, USER_SPECIFICITY)


def _r(regex: str, confidence: float, note: str = "", *, caseless: bool = True,
       priority: int | None = None, strong: bool | None = None, any_level: bool = False,
       level_veto: bool = False, soft_level: bool = False, level_keep: bool = False,
       hinted: bool = False) -> PatternRegex:
    """A regex is strong evidence unless said otherwise or below STRONG_CONFIDENCE."""
    return PatternRegex(regex=regex, confidence=confidence, note=note, caseless=caseless, priority=priority,
                        strong=confidence >= STRONG_CONFIDENCE if strong is None else strong, any_level=any_level,
                        level_veto=level_veto or soft_level, soft_level=soft_level, level_keep=level_keep,
                        hinted=hinted)


def _errno(code: str) -> str:
    """An errno name where an error reports it (`failed: ECONNREFUSED`, `code: 'ECONNREFUSED'`,
    `"code":"ECONNREFUSED"`, Docker Desktop's `(Failure EADDRINUSE)`), not where a setting lists it
    (`retry_on=[ECONNREFUSED]`)."""
    return r"\b(?:errno|code|reason|Error|error|failed|Failure)\\?[\"']?[ \t]*[:=,]?[ \t]*\\?[\"']?" + code + r"\b"


# Named backing services; a refusal or wait that names one is a service dependency problem.
# Default ports of databases, caches and brokers name the dependency as well as its name does; so do the Docker
# daemon's API ports (2375, 2376: a client of the daemon, round 11's class), and (round 14) the coordination and
# storage services a data platform stands on: ZooKeeper 2181, etcd and TiDB's PD 2379, Consul 8500, Cassandra 9042,
# CockroachDB 26257. (Not Vault's 8200: round 10 labels a refusal of its seal-status check at start-up `none`, round
# 14 its CLI's `service_dependency`.)
_DEP_PORTS = (r"(?:port |:)(?:5432|3306|6379|2701[789]|5672|9092|11211|9200|1883|8883|237[56]|2181|2379|8500|9042|"
              r"26257)\b")
_DEPS = (r"(?:SQLSTATE|db|database|" + _DEP_PORTS + r"|postgres(?:ql)?|psycopg2?|mysql|mariadb|redis|"
         r"mongo(?:db)?|rabbitmq|amqp|mqtt|mosquitto|kombu|kafka|broker|elasticsearch|memcached|upstream|backend|sqlal"
         r"chemy|"
         r"jdbc)")

PATTERNS: tuple[PatternDef, ...] = (
    PatternDef(
        id="port_conflict",
        description="The port the service wants to listen on is taken by another process.",
        formats=("nginx", "PostgreSQL", "MySQL", "Redis", "Node.js", "Python", "Java", "Go", "Docker"),
        regexes=(
            _r(r"address already in use", 0.95, "EADDRINUSE text in every runtime"),
            # the same strerror in the host's language (glibc's de, fr, es catalogues; a JVM or a C daemon prints what
            # strerror returns: "java.net.BindException: Die Adresse wird bereits verwendet")
            _r(r"\bDie Adresse wird bereits verwendet\b|\bAdresse déjà utilisée|\bLa dirección ya se "
               r"está usando\b", 0.9, "EADDRINUSE text in the host's language"),
            _r(r"(?:\b(?:listen|bind):? |Errno::|:)EADDRINUSE\b", 0.9,
               "Node.js / libuv, Ruby Errno::, Erlang :eaddrinuse, Docker's 'Failed to bind: EADDRINUSE'"),
            _r(_errno("EADDRINUSE"), 0.85, "errno in an error", caseless=False),
            # Without the reason on the line; a "Permission denied" or "Cannot assign" reason wins over these.
            _r(r"could not bind IPv[46] (?:address|socket)", 0.7, "PostgreSQL", priority=105),
            # rsync (and daemons like it) summing up after each bind() failed: the reason is on the lines above, so
            # weak evidence (counts next to a strong "Address already in use"; a "Permission denied" line wins)
            _r(r"\bunable to bind any inbound sockets\b", 0.7, "rsyncd", priority=105, strong=False),
            _r(r"Can't start server: Bind on TCP/IP port", 0.85, "MySQL", priority=105),
            _r(r"\[Errno 98\]", 0.9, "Python OSError"),
            _r(r"port is already allocated", 0.95, "Docker publish"),
            _r(r"\bport:? ?[0-9]+ (?:is|was) already in use", 0.9, "dev servers, Spring Boot"),
            # EADDRINUSE in words without "address": the listen address itself, then "already in use" (memcached's
            # "0.0.0.0:11211 already in use", ":::11211 already in use", "[::]:80 is already in use")
            _r(r"(?:\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|\]|::|\*|\blocalhost):[0-9]{1,5} (?:is |was )?"
               r"already in use\b", 0.85,
               "host:port already in use (memcached, C daemons)"),
            # PostgreSQL's HINT after any bind failure (also "Cannot assign requested address" of an IPv6 socket): a
            # question, weak; a port conflict next to the "Address already in use" line above it
            _r(r"is another postmaster already running on port", 0.7, "PostgreSQL hint", strong=False),
            _r(r"\[ERROR\] Connection in use: ", 0.85, "gunicorn", caseless=False),
            _r(r"something is already running on port [0-9]", 0.85, "create-react-app"),
            # (round 44: the same error by its number, whatever the language of the text after it)
            _r(r"only one usage of each socket address|"
               r"\[Errno 10048\] error while attempting to bind on address\b", 0.9,
               "Windows WSAEADDRINUSE"),
            _r(r"another mysqld server running on port", 0.85, "MySQL hint"),
            _r(r"\baddress in use\b", 0.85, "EADDRINUSE without 'already' (BIND, Erlang)"),
            _r(r"another instance of [^\n]{1,40} (?:is )?(?:already )?running on the same (?:address|port)", 0.85,
               "uWSGI and daemons that name the cause"),
            _r(r"\bfailed to bind\b[^\n]{0,80}\balready in use\b", 0.85, "Java servers (Netty, Micronaut)"),
            # C daemons that report the bind failure and its reason on separate lines (FreeRADIUS "Error binding to
            # port for ...", "error binding socket"): weak alone, a port conflict next to an "already in use" line;
            # a "Permission denied" or "Cannot assign" reason on the same line wins (priority below theirs).
            _r(r"\berror binding (?:to )?(?:the )?(?:port|socket|address)\b", 0.7, "C daemons, reason on another line",
               priority=105),
            # Erlang/OTP terms name the error atom ({listen_error,...,eaddrinuse}, {could_not_start_listener,"::",5672,
            # eaddrinuse}; RabbitMQ's {dist_port_already_used,25672,...}) and its prose says "port N in use by another"
            _r(r"[{,][ \t]*eaddrinuse[ \t]*[},]", 0.9, "Erlang/OTP error atom in a term", caseless=False),
            _r(r"\b[a-z]+_port_already_(?:used|in_use)\b", 0.85, "Erlang/OTP reason atom (RabbitMQ dist port)",
               caseless=False),
            _r(r"\bport [0-9]{1,5} (?:is )?(?:already )?in use by (?:another|an other|a different)\b", 0.85,
               "port N in use by another node/process"),
            # round 12, a game server's own bind failure (Minecraft/Forge/Paper: "**** FAILED TO BIND TO PORT!",
            # PocketMine: "**** FAILED TO BIND TO 0.0.0.0:19132!"); its reason, when printed, is on the next line (an
            # EADDRNOTAVAIL there makes it no conflict: classifier), and its hint "Perhaps a server is already running
            # on that port?" is printed for any bind failure: weak
            _r(r"\bFAILED TO BIND TO (?:PORT\b|[0-9A-Fa-f.:\[\]*]+:[0-9]{1,5}\b)|\bIllegalStateException: Failed to bi"
               r"nd "
               r"to port\b", 0.85, "game servers (Minecraft, Paper)", caseless=False, priority=105),
            _r(r"\bPerhaps a server is already running on that port\b", 0.7, "game servers' hint", strong=False),
            # round 13, a server asking whether its port is taken after EADDRINUSE (Strapi: "EADDRINUSE: Failed to start
            # server. Is port 1337 in use?")
            _r(r"\bFailed to start server\. Is port [0-9]{1,5} in use\?", 0.9, "Strapi / Node.js servers"),
            # round 15 (B), TensorBoard's bind failure ("TensorBoard could not bind to port 6006, it was already in
            # use")
            _r(r"\bcould not bind to port [0-9]{1,5}, it was already in use\b", 0.9, "TensorBoard"),
            # round 18 (B), nginx giving up on its bind ("nginx: [emerg] still could not bind()") and EADDRINUSE in
            # Russian (dnsmasq: "failed to create listening socket for 192.168.153.1: Адрес уже используется")
            _r(r"\bnginx: \[emerg\] still could not bind\(\)|Адрес уже используется", 0.85,
               "nginx, localized EADDRINUSE"),
            # round 19, Sofia-SIP (FreeSWITCH) naming EADDRINUSE by number ("tport_bind_socket 764, bind error:
            # errno=98")
            _r(r"\bbind error: errno=98\b", 0.85, "Sofia-SIP"),
            # round 19 (B), coturn naming EADDRINUSE by number ("Trying to bind fd 19 to <192.168.2.131:3478>:
            # errno=98")
            _r(r"\bTrying to bind fd [0-9]+ to <[^>\n]+>: errno=98\b", 0.85, "coturn"),
            # round 20, GlusterFS's listener ("E [socket.c:968:__socket_server_bind] 0-socket.glusterfsd: Port is
            # already in use")
            _r(r"\b__socket_server_bind\] [^ \n]+: Port is already in use\b", 0.85, "GlusterFS"),
            # round 21 (B), Node-RED's editor port ("[error] Error: port in use")
            _r(r"\[error\] Error: port in use\b", 0.85, "Node-RED"),
            # round 22 (B), Rust's io::Error debug print ("kind: AddrInUse,")
            _r(r"^[ \t]*kind: AddrInUse,?$", 0.85, "Rust's io::Error", caseless=False),
            # round 23, ZeroTier beside its own running service ("zerotier-one: fatal error: cannot bind to local
            # control interface port 9993", and std::runtime_error's " what():  cannot bind to local control interface
            # port")
            _r(r"\bcannot bind to local control interface port\b", 0.85, "ZeroTier"),
            # round 25, Qt's bind error ("TCP Listen on 0.0.0.0:64738 failed: The bound address is already in use",
            # Mumble), Besu's "Unable start listening on 0.0.0.0:30303. Check for port conflicts."
            _r(r"\bThe bound address is already in use\b|\bUnable start listening on [^ \n]+\. Check for port "
               r"conflicts\b", 0.9, "Qt (Mumble), Besu", caseless=False),
            # round 26, servers that name the port they could not take (Selenium: "Selenium is already running on port
            # 4444. Or some other service is."; Appium/WinAppDriver: "Could not start REST http interface listener. The
            # requested port may already be in use."), HTTP.sys refusing a URL another process has reserved
            # ("HttpSysException (0x80004005): The process cannot access the file because it is being used by another
            # process", IIS Express: 'Failed to register URL "https://localhost:44394/" for site ... being used by
            # another process': only with HTTP.sys on the line, as the same text is a locked file elsewhere), and
            # WSAEADDRINUSE on a Chinese host
            _r(r"\bSelenium is already running on port [0-9]+\b|\bThe requested port may already be in use\b|"
               r"\bHttpSysException \(0x80004005\): The process cannot access the file because it is being used by "
               r"another process\b|\bFailed to register URL \"[^\"\n]+\" for site [^\n]{0,120}being used by another "
               r"process\b|通常每个套接字地址\(协议/网络地址/端口\)只允许使用一次", 0.85,
               "Selenium, Appium, HTTP.sys, IIS Express, Windows (zh)", caseless=False, any_level=True),
            # round 30, servers that say the port is held in their own words (Jetty's wrapper of the BindException:
            # "java.io.IOException: Failed to bind to 0.0.0.0/0.0.0.0:8443"; Quarkus: "Port 4421 seems to be in use by
            # another process"; Spring Boot's embedded Tomcat: "The Tomcat connector configured to listen on port 8080
            # failed to start. The port may already be in use"; Privoxy: "There may be another Privoxy or some other
            # proxy running on port 8118"; certbot's standalone authenticator: "Could not bind to IPv4 or IPv6." after
            # an OSError or "Problem binding to port 80", "At least one of the required ports is already taken", and its
            # DEBUG lines "acme.standalone:Failed to bind to :443 using IPv6"; not the source line of a traceback)
            _r(r"\bjava\.io\.IOException: Failed to bind to [^ \n]+:[0-9]+\b|"
               r"\bPort [0-9]+ seems to be in use by another process\b|"
               r"\bconnector configured to listen on port [0-9]+ failed to start\. The port may already be in use\b|"
               r"\bThere may be another [A-Za-z]+ or some other proxy running on port [0-9]+\b|"
               r"(?:OSError|Problem binding to port [0-9]+): Could not bind to IPv4 or IPv6\b|"
               r": At least one of the required ports is already taken\b|"
               r"\bacme\.standalone:Failed to bind to :[0-9]+ using IPv[46]\b", 0.85,
               "Jetty, Quarkus, Spring Boot, Privoxy, certbot", caseless=False, any_level=True),
            # round 33, frp's proxy whose remote port is held ("[ADBWIFI] start error: port already used"); not nginx's
            # "still could not bind()" summary after its retries (port_conflict in round 6, none in doc_nginx: the bind
            # lines above it carry the port)
            _r(r"\bstart error: port already used\b", 0.85, "frp", caseless=False, any_level=True),
            # round 34, development platforms that name the held port (the Firebase emulators: "Port 9000 is not open on
            # localhost, could not start Database Emulator.", "Could not start Firestore Emulator, port taken."; the
            # Supabase CLI: "port 5432 is not available, use --db-port flag"; a Heroku-style app: "Unable to listen on
            # port 5649. The port is already in use.")
            _r(r"\bis not open on localhost(?: \([0-9.]+\))?, could not start [A-Za-z ]+ Emulator\b|"
               r"\bCould not start [A-Za-z ]+ Emulator, port taken\b|"
               r"\bport [0-9]+ is not available, use --[a-z-]+ flag\b|"
               r"\bUnable to listen on port [0-9]+\. The port is already in use\b", 0.85,
               "Firebase emulators, Supabase CLI, a Heroku app", caseless=False, any_level=True),
            # round 37, SOGo's watchdog naming the held port itself ("unable to listen on specified port, check that
            # no other process is already using it"), logged at notice
            _r(r"\bunable to listen on specified port, check that no other process is already using it\b", 0.9,
               "SOGo", caseless=False, any_level=True),
            # round 38, daemons naming a held port their own way: iRODS's "sockOpenForInConn: bind socket error. portNum
            # = 1247, errno = 98" (EADDRINUSE by number), gpsd's "gpsd:ERROR: maybe gpsd is already running!" after its
            # control port could not be bound
            _r(r"\bbind socket error\. portNum = [0-9]+, errno = 98\b|\bgpsd:ERROR: maybe gpsd is already running!",
               0.85, "iRODS, gpsd", caseless=False, any_level=True),
            # round 44, Gradio finding every port of its range taken ("OSError: All ports from 7860 to 7959 are in use.
            # Please close a port.")
            _r(r"\bOSError: All ports from [0-9]+ to [0-9]+ are in use\b", 0.85, "Gradio", caseless=False,
               any_level=True),
            # round 56, a bind that failed next to its reason or in a port's known place: old Transmission's "UDP
            # Couldn't bind IPv4 socket (tr-udp.c:271)" after "Address already in use" on its peer port, llama.cpp's
            # "couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 8080" (not the older "couldn't bind to
            # server socket: hostname=x port=n", which round 56's readers saw for an address that is not on the host)
            _r(r"\bUDP Couldn't bind IPv[46] socket \(tr-udp\.cc?:[0-9]+\)|"
               r"\bcouldn't bind HTTP server socket, hostname: [^ \n]+ port: [0-9]+\b", 0.85, "Transmission, llama.cpp",
               caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="connection_refused",
        description="A TCP connection was actively refused (nothing listening) or reset by the peer.",
        formats=("Node.js", "Python", "Java", "Go", "curl", "PostgreSQL clients"),
        regexes=(
            # [ \t]+: terminals and log collectors pad or re-wrap messages (psycopg2 in docker-compose logs)
            _r(r"connection[ \t]+refused", 0.85, "ECONNREFUSED text"),
            _r(r"\bVerbindungsaufbau abgelehnt\b|\bConnexion refusée|\bConexión rehusada\b", 0.85,
               "ECONNREFUSED text in the host's language"),
            _r(r"\bconnect ECONNREFUSED\b", 0.9, "Node.js", caseless=False),
            _r(_errno("ECONNREFUSED"), 0.85, "errno in an error", caseless=False),
            _r(r"\[Errno 111\]", 0.85, "Python"),
            _r(r"\bConnectionRefusedError:", 0.9, "Python", caseless=False),
            _r(r"target machine actively refused it", 0.9, "Windows"),
            _r(r"\b(?:error|code|WSA) ?10061\b|\bWSAECONNREFUSED\b", 0.85, "Winsock connection refused"),
            _r(r"connection reset by peer", 0.8, "ECONNRESET text (client-side noise is vetoed)"),
            _r(r"\b(?:read|write|Error:|code:?) \\?[\"']?ECONNRESET\b", 0.8, "Node.js", caseless=False),
            _r(r"\[Errno 104\]|\bConnectionResetError\b", 0.8, "Python", caseless=False),
            _r(r"java\.net\.SocketException: Connection reset\b", 0.8, "Java", caseless=False),
            _r(r"\b(?:error|code|WSA) ?10054\b|\bWSAECONNRESET\b", 0.8, "Winsock connection reset"),
            _r(r"\bsocket hang up\b", 0.8, "Node.js http"),
            _r(r"\bstat=Deferred: Connection refused by\b", 0.85, "sendmail", caseless=False),
            _r(r"\bconnection to the server [^ \n]+ was refused\b", 0.85, "kubectl"),
            _r(r"\berrno[ \t]*[:=][ \t]*-?111\b", 0.8, "errno number of ECONNREFUSED (Node.js: -111)"),
            # curl's exit codes name the failure as a number (28 is network_timeout): 7, "Failed to connect to host port
            # N ...: Connection refused" or "Couldn't connect to server" (a health check's output, a script's probe)
            _r(r"\bcurl: \(7\) (?:Failed to connect|Couldn't connect)\b", 0.85, "curl exit code 7"),
            # round 16 (B), Samba's client refused by its own server ("do_connect: Connection to localhost failed (Error
            # NT_STATUS_CONNECTION_REFUSED)")
            _r(r"\bNT_STATUS_CONNECTION_REFUSED\b", 0.8, "Samba client", caseless=False),
            # round 22 (B), a reverse proxy's refused upstream logged at info ('level=info msg="2021/10/08 21:33:30
            # http: proxy error: dial tcp 127.0.0.1:58586: connect: connection refused"')
            _r(r"\bhttp: proxy error: dial tcp [^ \n]+: connect: connection refused\b", 0.8, "Go's reverse proxy",
               any_level=True),
            # round 37, the refusal in OCaml's and the host's words: Liquidsoap's "Unix.Unix_error(Unix.ECONNREFUSED,
            # "connect", "")" and glibc's Russian catalogue ("... соединении отказано")
            _r(r"\bUnix\.Unix_error\(Unix\.ECONNREFUSED, \"connect\"| соединении отказано", 0.85,
               "OCaml's Unix module, ECONNREFUSED in Russian", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="permission_denied",
        description="The service may not open, bind or execute something (EACCES / EPERM).",
        formats=("Python", "Node.js", "nginx", "PostgreSQL", "Java", "systemd", "coreutils"),
        regexes=(
            _r(r"\bpermission denied\b", 0.85, "EACCES text"),
            _r(r"\b(?:listen|open|mkdir|spawn|scandir|access|unlink|rename|bind) EACCES\b", 0.85, "Node.js",
               caseless=False),
            _r(r"\[Errno 13\]", 0.9, "Python PermissionError"),
            _r(_errno("EACCES"), 0.85, "errno in an error", caseless=False),
            _r(r"\boperation not permitted\b", 0.75, "EPERM"),
            # EPERM on this process's own file operation (PostgreSQL's 'could not write to file "postmaster.pid":
            # Operation not permitted', initdb's 'could not change permissions of directory "...": Operation not
            # permitted'): the file's owner or mode, strong; a connect() or a sandboxed syscall stays weak EPERM
            _r(r"\b(?:could not|cannot|can't|unable to|failed to) (?:open|create|write(?: to)?|read|remove|unlink|"
               r"rename|truncate|lock|change (?:the )?(?:permissions|mode|owner(?:ship)?|group) of|chmod|chown|mkdir)"
               r"(?: (?:file|directory|dir))? [^\n]{0,200}: Operation not permitted", 0.85,
               "EPERM on a file operation"),
            _r(r"java\.nio\.file\.AccessDeniedException", 0.9, "Java NIO", caseless=False),
            _r(r"data directory \\?\"[^\"\n]*\" has (?:wrong ownership|invalid permissions|group or world access)",
               0.95, "PostgreSQL data dir"),
            # round 11, the same message with typographic quotes (“/var/lib/postgresql/data” has wrong ownership: a
            # translated catalogue or a copy through an editor)
            _r(r"data directory (?:“|”)[^\n]{1,200}(?:”|“) has (?:wrong ownership|invalid permissions|group or world "
               r"access)", 0.95, "PostgreSQL data dir (typographic quotes)"),
            # the DETAIL/HINT lines of the same refusal (a start or a restart of a data directory whose mode or owner
            # changed): the mode PostgreSQL wants and who must own the directory
            _r(r"\bDETAIL: +Permissions should be u=rwx \(0700\)", 0.85, "PostgreSQL data dir (DETAIL)",
               caseless=False),
            _r(r"\bHINT: +The server must be started by the user that owns the data directory\b", 0.85,
               "PostgreSQL data dir (HINT)", caseless=False),
            _r(r"\baccess is denied\b", 0.7, "Windows"),
            # Erlang/OTP reports the errno atom after the path or inside a term ("Error when reading
            # /var/lib/rabbitmq/.erlang.cookie: eacces", {error,eacces})
            _r(r"(?:: |[{,][ \t]*)eacces\b", 0.85, "Erlang/OTP error atom", caseless=False),
            # a file whose mode or owner the program refuses ("Cookie file ... must be accessible by owner only", ssh's
            # "Permissions 0644 for 'key' are too open", Postfix's "destination ... is not owned by recipient") or a
            # directory it needs to write ("the working directory is not writable")
            _r(r"\bmust be (?:accessible|readable|writable) by (?:the )?owner only\b|\bPermissions [0-7]{3,4} for "
               r"[^\n]{1,200} are too open\b", 0.85, "file mode too open"),
            _r(r"\b(?:destination|file|directory|folder|mailbox|path) [^ \n]+ is not owned by\b", 0.85,
               "file owner wrong"),
            _r(r"\b(?:working |data |log |cache |temp |home )?directory[^\n]{0,60} is not writable\b", 0.85,
               "directory not writable"),
            # a write-open refused with no reason on the line (Mosquitto's "Error: Unable to open log file
            # /mosquitto/log/mosquitto.log for writing."): in a volume the daemon's user does not own; a reason on the
            # line decides otherwise (syslog-ng's ENOENT is config_error)
            _r(r"\b(?:[Uu]nable to|[Cc]annot|[Cc]ould not|[Ff]ailed to) open [^\n]{1,160} for writing\.?[ \t\r]*$", 0.8,
               "write-open refused, no reason given", caseless=False),
            # coreutils reporting EPERM on the file operation it was asked for ("chmod: changing permissions of
            # '/var/lib/postgresql/data': Operation not permitted", "chown: changing ownership of ...": an entrypoint
            # on a volume its user does not own, an NFS export squashing root)
            _r(r"\b(?:chmod|chown|chgrp): changing (?:permissions|ownership|group) of [^\n]{1,200}: "
               r"Operation not permitted", 0.85, "coreutils EPERM on a file operation"),
            # a path (or the setting that holds one) the program needs to write and cannot ("GF_PATHS_DATA=
            # '/var/lib/grafana' is not writable.", "Path /data is not writable") and a start-up check's verdict on a
            # directory's permissions ("Lack of permissions on data directory!", Bitnami's scripts; "insufficient
            # permissions on log directory")
            _r(r"(?:^|[ \t=:])\\?['\"]?/[^ \n'\"]*\\?['\"]? is not writable\b", 0.85, "a path not writable"),
            _r(r"\b(?:lack of|insufficient|wrong|incorrect|bad) permissions (?:on|for) (?:the )?(?:[a-z]+ )?"
               r"(?:directory|dir|folder|file|path|volume)\b", 0.8, "a start-up check of a directory's permissions"),
            # a daemon's start-up check naming the owner a path must have ("warning: not owned by postfix:
            # /var/spool/postfix/public", "not owned by group postdrop: /usr/sbin/postqueue", postfix-script)
            _r(r"\bnot owned by (?:user |group )?[a-z_][a-z0-9_-]*: /", 0.85, "a start-up check of a path's owner",
               caseless=False),
            # EACCES as a number after a failed operation ("Failed to create a socket for IPv4 '127.0.0.1': errno: 13.",
            # MySQL; "Can't open file ... (errno: 13)")
            _r(r"\b(?:[Ff]ailed to|[Cc]an't|[Cc]annot|[Cc]ould not|[Uu]nable to) [^\n]{0,120}\b(?:errno|Errcode):? "
               r"13\b", 0.85, "EACCES as a number"),
            # round 11, EPERM on a path in the syscall's words: the path, then the call (WiredTiger: "/data/db/
            # WiredTiger.wt: handle-open: open: Operation not permitted"), or Go's os.PathError ("mkdir /data/git:
            # operation not permitted", "chown /var/lib/x: operation not permitted"); a connect() or a sendto() is not
            _r(r"(?:/[^ \n:]+: (?:[a-z-]+: )?(?:open|openat|mkdir|creat|rename|unlink|chmod|chown|fchown|fchmod|"
               r"ftruncate|fsync|flock|write)|\b(?:open|mkdir|chmod|chown|lchown|remove|rename|unlinkat|symlink|trunca"
               r"te|"
               r"chtimes) /[^ \n:]*): [Oo]peration not permitted", 0.85,
               "EPERM on a path (syscall form, Go's PathError)"),
            # round 11, a unix socket that cannot be bound at its path (PHP-FPM: "unable to bind listening socket for
            # address '/run/php/fpm.sock': Operation not permitted (1)"): the directory's owner or mode, or a file
            # system that refuses sockets
            _r(r"\b(?:unable to|failed to|cannot|can't|could not) bind (?:the )?(?:listening )?(?:unix )?socket "
               r"(?:for address |to |at )?'?/[^\n]{0,200}: Operation not permitted", 0.85,
               "EPERM binding a unix socket path"),
            # round 12 (B), EACCES in the host's language (bash on a Russian host: "/tmp/x: Отказано в доступе"; glibc's
            # de, fr, es catalogues), as round 10's EMFILE/EADDRINUSE texts
            _r(r"Отказано в доступе|\bKeine Berechtigung\b|\bPermission non accordée|\bPermiso denegado\b", 0.85,
               "EACCES text in the host's language", caseless=False),
            # round 12 (B), rsync's failed read of a source path ('rsync: opendir "/Users/x/Downloads" failed: Operation
            # not permitted (1)'); its chgrp/chown/set-permissions lines on shares that keep no attributes are not
            # matched
            _r(r"\brsync: (?:opendir|open|mkdir|readlink|link_stat|recv_generator|mkstemp|readdir) \\?\"[^\"\n]+\\?\""
               r"[^\n]{0,40}"
               r" failed: Operation not permitted \(1\)", 0.85, "rsync EPERM on a source path"),
            # round 13, an object store refusing the data path it was given (MinIO: "Unable to initialize backend:
            # Insufficient permissions to access path", "Prefix access is denied: .minio.sys/pool.bin", "Unable to use
            # the drive /export/data: file access denied", "Unable to initialize '.minio.sys' meta volume, disk access
            # denied")
            _r(r"\bInsufficient permissions to access path\b|\b(?:[Pp]refix|file|disk|drive|volume) access (?:is )?"
               r"denied\b", 0.8, "MinIO: the data path's owner or mode", caseless=False),
            # round 16, Samba refusing a directory whose mode is wrong ("invalid permissions on directory
            # '/usr/local/samba/var/locks/winbindd_privileged': has 0770 should be 0750"): the mode names the fix
            _r(r"\binvalid permissions on directory '/[^'\n]+': has [0-7]{3,4} should be [0-7]{3,4}\b", 0.85,
               "Samba directory mode"),
            # round 17, the Jenkins image's entrypoint over a volume it may not write ("Can not write to
            # /var/jenkins_home/copy_reference_file.log. Wrong volume permissions?") and Rails' log file ("Rails Error:
            # Unable to access log file. Please ensure that ... exists and is writable": hinted, its own words say what
            # to do)
            _r(r"\bCan not write to /[^ \n]+\. Wrong volume permissions\?", 0.85, "the Jenkins image", caseless=False),
            _r(r"\bRails Error: Unable to access log file\b", 0.85, "Rails", caseless=False, hinted=True),
            # round 17 (B), npm's continuation line of an EACCES report ("npm ERR! It is likely you do not have the
            # permissions to access this file as the current user")
            _r(r"^npm ERR! It is likely you do not have the permissions to access this file\b", 0.8, "npm",
               caseless=False, hinted=True),
            # round 18, Salt's log file it may not write ("Failed to open log file, do you have permission to write to
            # /var/log/salt/minion?": hinted, a question in its own words)
            _r(r"\bFailed to open log file, do you have permission to write to /", 0.8, "Salt", hinted=True),
            # round 19, a system call the container's seccomp profile refuses (boky/postfix on 32-bit ARM:
            # "clock_gettime: Operation not permitted", and Berkeley DB's "BDB0061 PANIC: Operation not permitted" right
            # after it), like the AppArmor and SELinux denials of rounds 2 and 16; and Prosody's certificate key it may
            # not read ("SSL/TLS: Failed to load '/etc/prosody/certs/x.key': Check that the permissions allow Prosody to
            # read this file.")
            _r(r"^clock_gettime: Operation not permitted$|\bBDB[0-9]{4} PANIC: Operation not permitted\b|\bSSL/TLS: "
               r"Failed to load '/[^'\n]+': Check that the permissions allow [A-Za-z]+ to read this file\b", 0.85,
               "seccomp refusals, Prosody's certificate key", caseless=False),
            # round 19 (B), OpenDKIM refusing a key whose directory others may write ("mail._domainkey.x: key data is
            # not secure: /etc can be read or written by other users"): a mode fixPermissions can set
            _r(r"\bkey data is not secure: /[^ \n]* can be read or written by other users\b", 0.85, "OpenDKIM"),
            # round 20, slurmctld refusing its state directory's mode ("fatal: Incorrect permissions on state save loc:
            # /var/spool")
            _r(r"\bIncorrect permissions on state save loc: /", 0.85, "Slurm"),
            # round 21, node-serialport refused a USB device node ("Operation not permitted, cannot open
            # /dev/bus/usb/001/003"): the node's mode or group
            _r(r"\bOperation not permitted, cannot open /dev/[^ \n']", 0.85, "node-serialport"),
            # round 21 (B), OctoPrint's upload folder ("Folder at /home/pi/.octoprint/uploads doesn't appear to be
            # writable, please fix its permissions") and a log file refused with EACCES by number ("Failed to
            # open log file: 13")
            _r(r"\bdoesn't appear to be writable, please fix its permissions\b|\bFailed to open log file: 13$", 0.85,
               "OctoPrint, EACCES by number"),
            # round 22, self-hosted apps refused their files or a system call: s6 under a seccomp profile that refuses
            # its poll ("s6-svscan: warning: unable to iopause: Operation not permitted", like round 19's
            # clock_gettime), .NET's "Access to the path '/config/data/data' is denied." (Radarr, Sonarr, Jellyfin),
            # "Can't create or write into the data directory /data"
            _r(r"\bunable to iopause: Operation not permitted\b|\bCan't create or write into the data directory /",
               0.85, "s6 under seccomp"),
            # (.NET logs its write test's refusal at trace: "|Trace|DiskProviderBase|Directory '/movies/' isn't
            # writable. Access to the path '/movies/radarr_write_test.txt' is denied.")
            _r(r"\bAccess to the path (?:'[^'\n]+' )?is denied\b", 0.85, ".NET apps", any_level=True),
            # round 22 (B), more refusals: Plex on 32-bit ARM under seccomp ("libc++abi: terminating with uncaught
            # exception of type std::__2::system_error: clock_gettime(CLOCK_MONOTONIC) failed: Operation not
            # permitted"), a linuxserver.io image's folder check ("-- Path: Folder is not writable by user abc"), and
            # "Cannot create or write into the data directory /data"
            _r(r"\bclock_gettime\((?:CLOCK_[A-Z_]+)?\) failed: Operation not permitted\b|\bFolder is not writable by "
               r"user [a-z_][a-z0-9_-]*\b|\bCannot create or write into the data directory /", 0.85,
               "seccomp (Plex), linuxserver.io images"),
            # round 23 (B), radvd refusing a configuration file others may write ("exiting, permissions on conf_file
            # invalid"), like round 19's OpenDKIM key
            _r(r"\bpermissions on conf_file invalid\b", 0.85, "radvd"),
            # round 25, a daemon that cannot take over its data directory ("Could not chown /home/litecoin/.litecoin
            # (may not have appropriate permissions)"), SQLite on a file it may not write ("attempt to write a
            # readonly database")
            _r(r"\bCould not ch(?:own|mod) /[^ \n]+ \(may not have appropriate permissions\)|\battempt to write a "
               r"readonly database\b", 0.85, "entrypoints, SQLite", caseless=False),
            # round 26, SQL Server refusing its own data file ("Error 5(Access is denied.) occurred while opening file
            # '/var/opt/mssql/data/master.mdf'"), MongoDB that may not remove its old socket ("Failed to unlink socket
            # file", "Operation not permitted"), NUT's drivers without access to the USB device ("libusb1: Could not
            # open any HID devices: insufficient permissions on everything"), busybox chown on a path ("chown:
            # /app/.next/BUILD_ID: Operation not permitted", glued to a timestamp), "No write permission for
            # /app/config"
            _r(r"\bError 5\(Access is denied\.\) occurred while opening file '|\bFailed to unlink socket file\b"
               r"[^\n]{0,200}Operation not permitted|\bCould not open any HID devices: insufficient permissions\b|"
               r"(?:^|[^A-Za-z_\n])(?:chown|chmod|chgrp): /[^ \n:]*: Operation not permitted|\bNo write permission "
               r"for /",
               0.85, "SQL Server, MongoDB, NUT (libusb), busybox, entrypoints", caseless=False),
            # round 27, Samba refusing to write a file's ACL ("set_nt_acl_no_snum: fset_nt_acl returned
            # NT_STATUS_ACCESS_DENIED.", samba-tool provisioning on a file system without the rights)
            _r(r"\bfset_nt_acl returned NT_STATUS_ACCESS_DENIED\b", 0.85, "Samba", caseless=False),
            # round 30, a program told where it may not write (certbot: "Either run as root, or set --config-dir,
            # --work-dir, and --logs-dir to writeable paths."; Squid: " The parent directory must be writeable by the" /
            # " user 'proxy', which is the cache_effective_user"; Python's EPERM on a named file: "PermissionError:
            # [Errno 1] Operation not permitted: '/x'", not the sandbox's bare "Operation not permitted")
            _r(r"\bset --config-dir, --work-dir, and --logs-dir to writeable paths\b|"
               r"\bThe parent directory must be writeable by the$|\buser '[^'\n]+', which is the cache_effective_user$|"
               r"\bPermissionError: \[Errno 1\] Operation not permitted: '/", 0.85, "certbot, Squid, Python",
               caseless=False),
            # round 31, a daemon that names the path whose mode it rejects or cannot write: chrony's "Wrong permissions
            # on /var/run/chrony"; Nagios's command pipe ("Error: Could not open command file '/x/nagios.cmd' for
            # update!", "The permissions on the external command file and/or directory may be incorrect."); not
            # Grafana's image warning "You may have issues with file permissions", printed at every start of its
            # container (none in rounds 9 and 11)
            _r(r"\bWrong permissions on /[^ \n]+$|\bCould not open command file '/[^'\n]+' for update!|"
               r"\bThe permissions on the external command file and/or directory may be incorrect\b", 0.85,
               "chrony, Nagios", caseless=False, any_level=True, hinted=True),
            # round 33, a server that names the path it may not open or whose mode it rejects: Apache's "(1)Operation
            # not permitted: AH00091: apache2: could not open error log file /x" (EPERM or EACCES, not ENOENT), HDFS's
            # "Invalid directory in dfs.data.dir: Incorrect permission for /x, expected: rwxr-xr-x"
            _r(r"\((?:1|13)\)[A-Za-z ]+: AH00091: [a-z0-9]+: could not open error log file /|"
               r"\bIncorrect permission for /[^ \n,]+, expected: ", 0.85, "Apache httpd, HDFS", caseless=False,
               any_level=True),
            # round 34, Windows refusing a named file ("open C:\data/portainer.db: Access is denied.", "mkdir
            # C:\data/tls: Access is denied.")
            _r(r"\b(?:open|mkdir|create) [A-Z]:\\[^ \n]+: Access is denied\.", 0.85, "Go on Windows", caseless=False,
               any_level=True),
            # round 37, Elasticsearch's TLS set-up refused its key or certificate file ("not permitted to read the PEM
            # certificate file [/usr/share/elasticsearch/config/x.crt]")
            _r(r"\bnot permitted to read the PEM (?:certificate|key) file \[/", 0.85, "Elasticsearch",
               caseless=False, any_level=True),
            # round 40, FreshRSS refused its own data file ("Permission is denied for /var/www/FreshRSS/data/x.txt")
            _r(r"\bPermission is denied for /", 0.85, "FreshRSS", caseless=False, any_level=True),
            # round 41, a supervisor or container runtime refused a file or an exec: supervisord's "spawnerr: unknown
            # error making dispatchers for 'x': EACCES", runc's 'exec user process caused "operation not permitted"',
            # Radicale's "[ERROR] Directory permissions: path='/x' owner=root(0) ... Effective user:"
            _r(r"\bspawnerr: unknown error making dispatchers for '[^'\n]+': EACCES\b|"
               r"\bexec user process caused:? \"?operation not permitted\b|\[ERROR\] Directory permissions: path='",
               0.85, "supervisord, runc, Radicale", caseless=False, any_level=True),
            # round 42, an application refused its own data directory: PrivateBin's "Uncaught Exception: unable to write
            # to file /srv/data/.htaccess" and "unable to create directory data", the Prisma CLI's "Can't write to /x
            # please make sure you install "prisma" with the right permissions"
            _r(r"\bUncaught Exception: unable to (?:write to file|create directory) |"
               r"\bCan't write to /[^ \n]+ please make sure you install\b", 0.85, "PrivateBin, Prisma", caseless=False,
               any_level=True),
            # round 43, an application refused its own directory: Homer's "Assets directory not writable" and "Check
            # assets directory permissions & docker user", JarClassLoader's "ERROR on loading inner JAR: Cannot create
            # temp directory /tmp/JarClassLoader", Calibre-Web's updater ("Fail /opt/x error: (<type
            # 'exceptions.OSError'>, OSError(1, 'Operation not permitted')"), a Node error's "    Code: EACCES" line
            _r(r"\bAssets directory not writable\b|\bCheck assets directory permissions & docker user\b|"
               r"\bERROR on loading inner JAR: Cannot create temp directory /|"
               r"\bFail /[^ \n]+ error: \(<type 'exceptions\.OSError'>, OSError\(1, 'Operation not permitted'\)|"
               r" {3,}Code: EACCES$", 0.85, "Homer, JarClassLoader, Calibre-Web, Node.js", caseless=False,
               any_level=True),
            # round 44, a refusal by its code whatever the language of its text (Python's "PermissionError: [WinError 5]
            # Acceso denegado: 'E:\\x'"), Node's "Error: spawnSync /bin/sh EACCES"
            _r(r"\bPermissionError: \[WinError 5\] |\bError: spawn(?:Sync)? /[^ \n]+ EACCES\b", 0.85,
               "Python on Windows, Node.js", caseless=False, any_level=True),
            # round 45, a probe or database refused what it needs: fping's "can't create socket (must run as root?)",
            # mongod's "Could not set permissions on pid file ../data/mongo.pid: Operation not permitted"
            _r(r"\bcan't create socket \(must run as root\?\)|"
               r"\bCould not set permissions on pid file [^ \n]+: Operation not permitted\b", 0.85, "fping, MongoDB",
               caseless=False, any_level=True),
            # round 46, a device the service may not open: the micro-ROS agent's "open device error | device:
            # /dev/ttyACM0, errno: 13", librtlsdr's "usb_open error -3" and "Please fix the device permissions, e.g. by
            # installing the udev rules file" (the library's own advice, hinted: kept past the documentation vetoes)
            _r(r"\bopen device error +\| device: [^ \n,]+, errno: 13\b|\busb_open error -3\b|"
               r"\bPlease fix the device permissions, e\.g\. by installing the udev rules file\b", 0.85,
               "micro-ROS agent, librtlsdr", caseless=False, any_level=True, hinted=True),
            # round 47, a streamer refused its devices or files: Sunshine's "Unable to create some input devices! Are
            # you a member of the 'input' group?", libdrm's "amdgpu_query_info(ACCEL_WORKING) failed (-13)", Apollo's
            # "Failed to rotate log file: filesystem error: cannot remove: Access is denied ["
            _r(r"\bUnable to create some input devices! Are you a member of the 'input' group\?|"
               r"\bamdgpu_query_info\(ACCEL_WORKING\) failed \(-13\)|"
               r"\bfilesystem error: cannot remove: Access is denied \[", 0.85, "Sunshine, libdrm, Apollo",
               caseless=False, any_level=True, hinted=True),
            # round 48, fetchmail refusing a settings file others may read ("File /usr/local/etc/fetchmailrc must  have
            # no more than -rwx------ (0700) permissions"): a mode to tighten
            _r(r"\bmust +have no more than -rwx------ \(0700\) permissions\b", 0.85, "fetchmail", caseless=False,
               any_level=True),
            # round 49, CUPS refusing a helper whose mode lets others write it ('File "/usr/lib/cups/notifier/dbus" has
            # insecure permissions (0100775/uid=0/gid=0).'), Node.js refused a chmod of its own data directory ("Error:
            # EPERM: operation not permitted, chmod '/var/opt/thelounge'"): a mode or an owner to fix
            _r(r"\bhas insecure permissions \([0-7]+/uid=[0-9]+/gid=[0-9]+\)|"
               r"\bError: EPERM: operation not permitted, ch(?:mod|own) '/", 0.85, "CUPS, Node.js", caseless=False,
               any_level=True),
            # round 54, a log shipper refused its own files: rsyslog's imjournal ("open() failed for path:
            # '/var/lib/rsyslog/imjournal.state.tmp': Operation not permitted"), Fluent Bit's tail input ("read error,
            # check permissions: /var/log/containers/*.log")
            _r(r"\bopen\(\) failed for path: '/[^'\n]+': (?:Operation not permitted|Permission denied)\b|"
               r"\bread error, check permissions: /", 0.85, "rsyslog, Fluent Bit", caseless=False, any_level=True),
            # round 57, a mounted directory the server cannot write (itzg's Minecraft image: "unable to write eula to
            # /data. Please make sure attached directory is writable by uid=1000"), Node's refused stat on Windows
            # ("EPERM: operation not permitted, stat 'C:\x'")
            _r(r"\bunable to write eula to /[^ \n]*\. Please make sure attached directory is writable\b|"
               r"\bEPERM: operation not permitted, stat '", 0.85, "itzg/minecraft-server, Node.js", caseless=False,
               any_level=True),
        ),
    ),
    PatternDef(
        id="database_lock",
        description="A database or lock file is held by another (possibly dead) process.",
        formats=("PostgreSQL", "MySQL/InnoDB", "SQLite", "MongoDB", "apt/dpkg", "H2"),
        regexes=(
            _r(r"could not obtain lock", 0.9, "PostgreSQL"),
            _r(r"\bdeadlock detected\b", 0.85, "PostgreSQL"),
            _r(r"deadlock found when trying to get lock", 0.9, "MySQL"),
            _r(r"lock wait timeout exceeded", 0.9, "MySQL"),
            _r(r"InnoDB: Unable to lock", 0.95, "MySQL ibdata1", caseless=False),
            _r(r"Unable to lock [^ \n]*ibdata", 0.95, "MySQL 8 ibdata1", caseless=False),
            _r(r"InnoDB: Check that you do not already have another mysqld process", 0.85, "MySQL"),
            _r(r"InnoDB: Retrying to lock the first data file", 0.85, "MySQL (printed with the lock error)",
               caseless=False),
            # a file lock held exclusively by another process, in the words of the engine that wants it ("Can't lock
            # aria control file '...' for exclusive use, error: 11", "Could not get an exclusive lock; file is probably
            # in use by another process", MariaDB Aria; storage engines and embedded databases)
            _r(r"\b(?:can't|cannot|could not|couldn't|unable to|failed to) lock [^\n]{1,120} for exclusive use\b", 0.85,
               "exclusive file lock held by another process"),
            _r(r"\b(?:can't|cannot|could not|couldn't|unable to|failed to) (?:get|obtain|acquire) an exclusive lock\b"
               r"[^\n]{0,40}\bin use by another process\b", 0.85, "exclusive file lock held by another process"),
            _r(r"\bdatabase (?:table |file |schema )?is locked\b", 0.9,
               "SQLite (BUSY; LOCKED: 'database schema is locked')"),
            # SQLite's other lock error string (SQLITE_PROTOCOL: the WAL lock protocol, another connection holding it)
            _r(r"\bsqlite3?: locking protocol\b|\bSQLITE_(?:LOCKED|PROTOCOL)\b", 0.85, "SQLite lock errors",
               caseless=False),
            _r(r"\bSQLITE_BUSY\b", 0.85, "SQLite", caseless=False),
            _r(r"lock file \\?\"[^\"\n]*\" already exists", 0.9, "PostgreSQL postmaster.pid"),
            _r(r"is another postmaster \(PID [0-9]+\) running", 0.85, "PostgreSQL"),
            _r(r"unable to lock (?:the )?(?:lock )?file", 0.85, "MongoDB mongod.lock"),
            _r(r"could not get lock /var/lib/(?:dpkg|apt)", 0.8, "apt/dpkg"),
            _r(r"unable to acquire the dpkg frontend lock", 0.8, "apt/dpkg"),
            # apt/dpkg's summary of a held lock; its "..., are you root?" form is a permission problem (not matched)
            _r(r"Unable to lock the administration directory \([^)\n]*\), is another process using it", 0.85,
               "apt/dpkg", caseless=False),
            # daemons that refuse to start on a PID file left behind ("A previously created .pid file exists at: ...
            # Aborting", "pid file /run/x.pid exists, exiting"); removeStaleLock checks that its owner is gone
            _r(r"\bpid[ -]?file\b[^\n]{0,100}\b(?:already )?exists\b[^\n]{0,40}\b(?:abort(?:ing|ed)?|exit(?:ing)?|"
               r"refus(?:e|es|ing) to start|not starting)\b", 0.8, "daemons with a PID file lock"),
            _r(r"(?:failed|unable) to acquire (?:the |an? )?(?:exclusive |advisory |file |database )?lock\b", 0.75),
            _r(r"\bLockNotAvailable\b", 0.85, "psycopg errors", caseless=False),
            _r(r"canceling statement due to lock timeout", 0.85, "PostgreSQL"),
            _r(r"timeout trying to lock table", 0.85, "H2"),
            _r(r"Unable to create '[^'\n]*\.lock': File exists", 0.85, "git index.lock", caseless=False),
            # a package manager's lock held by another process, in each manager's words: yum/dnf ("Another app is
            # currently holding the yum lock; waiting for it to exit...", "Existing lock /var/run/yum.pid: another copy
            # is running as pid 2990.", "Another process is using YUM. Waiting for it to release the lock.", Ansible's
            # "yum lockfile is held by another process"), zypper ("System management is locked by the application with
            # pid 1234"), pacman and apk ("unable to lock database"); a lock seen released later is contention that
            # cleared (classifier)
            _r(r"\bis currently holding the (?:yum|dnf|rpm|zypp|apt|dpkg|pacman|apk) lock\b", 0.85,
               "a package manager's lock held by another process"),
            _r(r"\bAnother (?:process|app|application|instance) is (?:currently )?using (?:yum|dnf|rpm|zypper|apt|"
               r"dpkg|pacman|apk)\b[^\n]{0,80}\block\b", 0.85, "a package manager's lock held by another process"),
            _r(r"\block ?file is (?:held|locked|in use) by another process\b", 0.85,
               "a lock file held by another process"),
            _r(r"\bExisting lock [^ \n]+: another copy is running\b", 0.85, "a PID lock file of a running copy (yum)"),
            _r(r"\bSystem management is locked by the application with pid [0-9]", 0.85, "zypper", caseless=False),
            _r(r"\bunable to lock database\b", 0.85, "pacman, apk"),
            # an embedded store's LOCK file held by another process: LevelDB/RocksDB ("IO error: lock /data/db/LOCK:
            # Resource temporarily unavailable", "IO error: While lock file: /root/.rocksdb/LOCK: Resource temporarily
            # unavailable", "... LOCK: already held by process"), Badger ("Cannot acquire directory lock on
            # \"/data\". Another process is using this Badger database."); ENOLCK ("No locks available") has no holder
            _r(r"\b(?:[Ww]hile lock(?: file)?|lock):? [^ \n]*\bLOCK: (?:Resource temporarily unavailable|already held "
               r"by process)", 0.85, "an embedded store's LOCK file (LevelDB, RocksDB)", caseless=False),
            _r(r"\bAnother process is using this [A-Za-z]+ database\b|\bCannot acquire directory lock on\b", 0.85,
               "an embedded store's directory lock (Badger)"),
            _r(r"failed to obtain (?:node )?locks?\b", 0.85, "Elasticsearch / generic"),
            _r(r"lock DB directory: resource temporarily unavailable", 0.85, "Prometheus TSDB"),
            # flock(LOCK_EX|LOCK_NB) of a storage directory another instance holds: the lock's own words ("Locked by
            # other process", Prometheus 2 tsdb) or EAGAIN while opening or locking the storage (Prometheus 1)
            _r(r"\b[Ll]ocked by (?:an)?other (?:process|instance)\b", 0.85, "flock held by another process",
               caseless=False),
            _r(r"\b(?:open(?:ing)?|lock(?:ing)?) [^\n]{0,40}\b(?:storage|DB|database|data directory)\b[^\n]{0,20}: "
               r"resource temporarily unavailable", 0.8, "EAGAIN of a storage lock (Prometheus 1)"),
            _r(r"pid file found, ensure docker is not running", 0.85, "dockerd stale pid file"),
            # EEXIST creating a PID or lock file exclusively (celery's "LockFailed: [Errno 17] File exists:
            # '/celerybeat.pid'"): the file of another (possibly dead) instance
            _r(r"(?:\[Errno 17\] |EEXIST: |: )File exists: '[^'\n]*(?:\.pid|\.lock|/lock\.exclusive)'", 0.85,
               "EEXIST on a PID/lock file"),
            # round 11, a server refusing to start on the PID file another (possibly dead) instance left: Rails ("A
            # server is already running. Check /app/tmp/pids/server.pid.", "A server is already running (pid: 10, file:
            # /app/tmp/pids/server.pid)."), Celery beat ("ERROR: Pidfile (celerybeat.pid) already exists.")
            _r(r"\bA server is already running\b[^\n]{0,20}(?:Check [^ \n]+\.pid\b|\(pid: [0-9]+, file: "
               r"[^ \n)]+\.pid\))", 0.85, "a stale PID file of a server (Rails)", caseless=False),
            _r(r"\bPidfile \([^)\n]+\) already exists\b", 0.85, "a stale PID file (Celery beat)", caseless=False),
            # round 12, a backup tool's repository lock held by another run or left by a dead one (borg: "Failed to
            # create/acquire the lock /backups/repo/lock.exclusive (timeout).", its msgid "LockTimeout");
            # removeStaleLock checks that the owner is gone
            _r(r"\bFailed to create/acquire the lock [^ \n]+ \(timeout\)|\block\.exclusive \(timeout\)|\\?[\"']msgid"
               r"\\?[\"']: "
               r"\\?[\"']Lock(?:Timeout|Failed)\\?[\"']", 0.85, "a backup repository's lock (borg)"),
            # round 12 (B), the same class in restic's words ("unable to create lock in backend: repository is already
            # locked by PID 38397"), a daemon refusing to start on its PID file while the PID it names still runs
            # (dockerd: "failed to start daemon, ensure docker is not running or delete /var/run/docker.pid: process
            # with PID 30 is still running"), an embedded store's lock as goleveldb reports it (Syncthing:
            # "leveldb.OpenFile(): resource temporarily unavailable")
            _r(r"\brepository is already locked\b|\bensure [a-z]+ is not running or delete [^ \n]+\.pid\b|\.pid: proce"
               r"ss "
               r"with PID [0-9]+ is still running\b|\bleveldb\.OpenFile\(\): resource temporarily unavailable\b", 0.85,
               "a repository or daemon lock held (restic, dockerd, goleveldb)"),
            # round 13, a bolt database whose open timed out waiting for the file lock another process holds (Loki:
            # "could not open BoltDB: timeout", 'failed to open existing boltdb file ..., continuing without it ...'
            # err=timeout)
            _r(r"\b(?:could not|failed to|unable to) open (?:existing )?bolt ?db(?: file)?\b[^\n]{0,300}\btimeout\b",
               0.8, "bolt: the file lock held by another process"),
            # round 14, a data directory locked by another instance (Kafka: "Failed to acquire lock on file .lock in
            # /kafka/kafka-data. A Kafka instance in another process or thread is using this directory."; Solr: "Index
            # dir '/var/solr/data/x/data/index/' of core 'x' is already locked")
            _r(r"\bA Kafka instance in another process or thread is using this directory\b|\bIndex dir '[^'\n]+' of "
               r"core '[^'\n]+' is already locked\b", 0.9, "Kafka log directory, Solr index locks"),
            # round 14 (B), Nexus's work directory held by another instance ("java.lang.IllegalStateException: Nexus
            # work directory already in use: /sonatype-work")
            _r(r"\bwork directory already in use: ", 0.85, "Nexus work directory lock"),
            # round 16 (B), knex's migration lock row left by an interrupted run (Nginx Proxy Manager: "Migration table
            # is already locked", "Can't take lock to run migrations: ...", and its hint "... release the lock manually
            # by running 'knex migrate:unlock'")
            _r(r"\bMigration table is already locked\b|\brelease the lock manually by running 'knex migrate:unlock'",
               0.8, "knex migrations", hinted=True),
            # round 17 (B), git's index lock left by a dead git process, also without quotes around the path ("fatal:
            # Unable to create /home/x/code/.git/index.lock: File exists.")
            _r(r"\bUnable to create '?/[^ \n']*\.git/index\.lock'?: File exists\b", 0.85, "git's index.lock"),
            # round 18, a run's lock held by another run or left by a cancelled one: Terraform's state lock ("Error
            # acquiring the state lock") and the Puppet agent's catalog-run lock ("Run of Puppet configuration client
            # already in progress; skipping (... agent_catalog_run.lock exists)")
            _r(r"\bError acquiring the state lock\b|\bRun of Puppet configuration client already in progress\b", 0.8,
               "Terraform, the Puppet agent", caseless=False),
            # round 18 (B), QEMU's image lock held by another process ('qemu-img: Could not open ...: Failed to get
            # shared "write" lock', and its "Is another process using the image?")
            _r(r"\bFailed to get (?:shared )?\"write\" lock\b|^Is another process using the image(?: \[[^]\n]+\])?\?$",
               0.85, "QEMU image locks", hinted=True),
            # round 19, Dovecot's master refusing to start beside the PID its pid file names ("master: Fatal: Dovecot is
            # already running with PID 203 (read from /var/run/dovecot/master.pid)", in (B) also without the file's
            # name): in a restarted container that PID is a stale file's
            _r(r"\bFatal: Dovecot is already running with PID [0-9]+\b", 0.85, "Dovecot",
               caseless=False),
            # round 20 (B), TORQUE's MOM refusing to start beside the lock of another ("pbs_mom: another mom running")
            _r(r"\bpbs_mom: another mom running\b", 0.85, "TORQUE's pbs_mom", caseless=False),
            # round 21, pigpiod beside its pid file's lock ("initInitialise: Can't lock /var/run/pigpio.pid")
            _r(r"\bCan't lock /[^ \n]+\.pid\b", 0.85, "pigpiod"),
            # round 22, Plex's SQLite busy ("Sqlite3: Sleeping for 200ms to retry busy DB.")
            _r(r"\bSqlite3: Sleeping for [0-9]+ms to retry busy DB\b", 0.85, "Plex's SQLite", caseless=False),
            # round 22 (B), Seafile's web app beside its pid file ("seahub.sh: Seahub is already running.")
            _r(r"\bSeahub is already running\b", 0.85, "Seafile"),
            # round 23, ossec-control beside its start-script lock ("ERROR: Another instance is locking this process.",
            # "If you are sure that no other instance is running, please remove /var/ossec/var/start-script-lock")
            _r(r"\bAnother instance is locking this process\b|\bplease remove /[^ \n]+-lock\b", 0.85, "OSSEC, Wazuh"),
            # round 24, the Azure CNI's key-value store held by a stale lock file ("Timed out on locking store,
            # err:Store is locked.", "Failed to initialize key-value store of network plugin, err:Store is locked.")
            _r(r"\berr:Store is locked\.", 0.85, "Azure CNI key-value store", caseless=False),
            # round 25, a data directory or store held by another instance (geth: "Fatal: blockchain db err:
            # resource temporarily unavailable (check if another instance of geth is already running ...)"; Bitcoin
            # Core: "Cannot obtain a lock on data directory /x. Bitcoin Core is probably already running."; Minecraft:
            # "session.lock: already locked (possibly by other Minecraft instance?)", "Failed to check session lock for
            # world", "already in use by another instance of Minecraft?"; H2: "MVStoreException: The file is locked:"),
            # and Liquibase's lock of its change log (Metabase: "Database has migration lock; cannot run migrations",
            # "Could not acquire change log lock"; not "Waiting for migration lock to be cleared...", the start-up wait)
            _r(r"\b(?:db|database) err(?:or)?: resource temporarily unavailable\b|\bCannot obtain a lock on data "
               r"directory /|\bsession\.lock: already locked\b|\balready in "
               r"use by another instance of Minecraft\b|\bMVStoreException: The file is locked: /|\bDatabase has "
               r"migration lock; cannot run migrations\b|\bCould not acquire change log lock\b", 0.85,
               "geth, Bitcoin Core, Minecraft, H2, Liquibase", caseless=False, any_level=True),
            # (hinted: the server's own error goes on "Stop the server and delete the session.lock in this world to
            # prevent further issues", which the precaution veto would drop)
            _r(r"\bFailed to check session lock for world\b", 0.85, "Minecraft (1.8)", caseless=False, hinted=True),
            # round 26, PostgreSQL refusing to start over a shared memory block an old postmaster still holds
            # ("FATAL:  pre-existing shared memory block (key 5432001, ID 65536) is still in use")
            _r(r"\bpre-existing shared memory block \(key [0-9]+, ID [0-9]+\) is still in use\b", 0.85, "PostgreSQL",
               caseless=False),
            # round 27, Proxmox VE waiting out a VM's config lock another task holds ("TASK ERROR: can't lock file
            # '/var/lock/qemu-server/lock-300.conf' - got timeout", the task's own error; not a client's relay of it,
            # "Error: 500 can't lock file ..."), Barman's replication slot held by a receiver left
            # running ("ArchiverFailure:replication slot 'barman' is already in use")
            _r(r"\bTASK ERROR: can't lock file '/[^'\n]+' - got timeout\b|"
               r"\bArchiverFailure: ?replication slot '[^'\n]+' is already in use\b", 0.85, "Proxmox VE, Barman",
               caseless=False),
            # round 29, Gitea's queue store held by another instance ("unable to lock level db at /x/queues/common:
            # resource temporarily unavailable")
            _r(r"\bunable to lock level ?db at /", 0.85, "Gitea (LevelDB queues)", caseless=False, any_level=True),
            # round 31, a daemon's lock still held: Kea's PID file naming a live or stale process ("kea-dhcp4 already
            # running? Daemon::createPIDFile: PID: 31 exists, PID file: /x.pid", read as dockerd's "pid file found"),
            # dockerd's volume store held by another dockerd ("error while opening volume store metadata database:
            # timeout", bolt's wait for its file lock)
            _r(r"\bDaemon::createPIDFile: PID: [0-9]+ exists, PID file: /|"
               r"\berror while opening volume store metadata database: timeout\b", 0.85, "Kea, dockerd",
               caseless=False, any_level=True),
            # round 34, Portainer's BoltDB held by another instance ("failed opening store | error=timeout", "Unable to
            # open the database, err: timeout"), as round 31 read dockerd's volume store
            _r(r"\bfailed opening store \| error=timeout\b|\bUnable to open the database, err: timeout\b", 0.85,
               "Portainer (BoltDB)", caseless=False, any_level=True),
            # round 36, an embedded store held by another instance: sled's "could not acquire database file lock", SQL
            # Server's "Lock request time out period exceeded."
            _r(r"\bcould not acquire database file lock\b|\bLock request time out period exceeded\b", 0.85,
               "sled, SQL Server", caseless=False, any_level=True),
            # round 39, H2's database file held by another process ("Database may be already in use: null")
            _r(r"\bDatabase may be already in use\b", 0.8, "H2", caseless=False, any_level=True),
            # round 43, PHP's SQLite3 on a lock it cannot take (SQLITE_PROTOCOL, 15): "SQLite3::exec(): locking
            # protocol", "SQLite3::query(): Unable to prepare statement: 15, locking protocol"
            _r(r"\bSQLite3::[a-z]+\(\): (?:Unable to prepare statement: 15, )?locking protocol\b", 0.85,
               "PHP SQLite3", caseless=False, any_level=True),
            # round 53, Manticore (and Sphinx) finding its binlog or table lock held ("FATAL: failed to lock
            # '/var/lib/manticore/binlog/binlog.lock': 11 'Resource temporarily unavailable'", "prealloc failed: failed
            # to lock /var/lib/manticore/t/t.lock: Resource temporarily unavailable")
            _r(r"\bfailed to lock '?/[^ \n']+\.lock'?: (?:11 ')?Resource temporarily unavailable\b", 0.85,
               "Manticore Search, Sphinx", caseless=False, any_level=True),
            # round 54, OpenLDAP's back-hdb/bdb/mdb finding its database held by another slapd ('hdb_db_open: database
            # "dc=planetexpress,dc=com": database already in use.')
            _r(r"\b[hbm]db_db_open: database \"[^\"\n]+\": database already in use\b", 0.85, "OpenLDAP",
               caseless=False, any_level=True),
            # round 58, Unicorn's PID file left by a dead master ("Already running on PID:1 (or pid=/x/unicorn.pid is
            # stale)")
            _r(r"\bAlready running on PID:[0-9]+ \(or pid=/[^ \n]+ is stale\)", 0.85, "Unicorn", caseless=False,
               any_level=True),
            # round 59, pgBackRest's lock held by another run ("HINT: is another pgBackRest process running?", under its
            # "unable to acquire lock on file")
            _r(r"\bHINT: is another pgBackRest process running\?", 0.85, "pgBackRest", caseless=False, any_level=True),
            # round 60, Knex's migration lock left by a run that died ("If you are sure migrations are not running you
            # can release the lock manually by deleting all the rows from migrations lock table")
            _r(r"\bIf you are sure (?:that )?(?:the )?migrations are not running,? you can release the lock manually\b",
               0.85, "Knex", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="out_of_memory",
        description="The process or container ran out of memory or was killed by the OOM killer.",
        formats=("kernel", "systemd", "Docker/Kubernetes", "Java", "Node.js", "Python", "Go", "Redis",
                 "PostgreSQL", "MySQL", "C++"),
        regexes=(
            _r(r"Out of memory: Kill(?:ed)? process [0-9]", 0.95, "kernel OOM killer", caseless=False),
            _r(r"\boom-kill:", 0.9, "kernel oom-kill summary", caseless=False),
            _r(r"invoked oom-killer", 0.9, "kernel", caseless=False),
            _r(r"Memory cgroup out of memory", 0.95, "kernel cgroup OOM", caseless=False),
            # the kernel's memory-cgroup OOM report naming the cgroup whose limit killed the task (3.x/4.x kernels)
            _r(r"\bTask in /[^ \n]* killed as a result of limit of /", 0.9, "kernel cgroup OOM (the limit)",
               caseless=False),
            _r(r"killed by the OOM killer", 0.95, "systemd", caseless=False),
            _r(r"Failed with result 'oom-kill'", 0.95, "systemd", caseless=False),
            _r(r"java\.lang\.OutOfMemoryError", 0.95, "Java", caseless=False),
            # a logger that prints only the throwable's message (Jetty's "WARN::thread: Java heap space")
            _r(r": (?:Java heap space|GC overhead limit exceeded)[ \t\r]*$", 0.85,
               "JVM OutOfMemoryError message alone", caseless=False),
            _r(r"JavaScript heap out of memory", 0.95, "Node.js", caseless=False),
            _r(r"Reached heap limit Allocation failed", 0.9, "Node.js", caseless=False),
            _r(r"(?:^|[] \t:|\"])MemoryError(?::|[ \t\r]*$|[ \t]*\\n|[ \t]*\")", 0.85, "Python", caseless=False),
            _r(r"Unable to allocate [0-9.]+ [KMGTP]i?B for an array", 0.85, "NumPy", caseless=False),
            _r(r"runtime: out of memory", 0.95, "Go", caseless=False),
            _r(r"OOM command not allowed when used memory", 0.9, "Redis maxmemory", caseless=False),
            _r(r"OOMKilled\\?[\"']?[ \t]*[:=][ \t]*true", 0.95, "docker inspect State"),
            _r(r"(?:reason|terminated|state)[\"']?[ \t]*[:=]?[ \t]*[\"']?OOMKilled", 0.9, "Kubernetes/Docker"),
            _r(r"\(OOMKilled\)", 0.9, "Docker/Kubernetes status"),
            # Any OOMKilled not followed by a key separator (so not `"OOMKilled": false`).
            _r(r"\bOOMKilled(?:[ \t\r]*$|[ \t]*[^ \t:=\"'\\\n]|[ \t]*\\n|\\?[\"'][ \t]*[^ \t:=\n])", 0.9,
               "Docker/Kubernetes", caseless=False),
            _r(r"\bcontainer oom [0-9a-f]{12}", 0.9, "docker events", caseless=False),
            _r(r"(?:ERROR|FATAL|Error|error|fatal):[ \t]*out of memory\b", 0.85, "PostgreSQL and others",
               caseless=False),
            _r(r"\bOut of memory;", 0.85, "MySQL", caseless=False),
            _r(r"std::bad_alloc", 0.8, "C++", caseless=False),
            _r(r"Allowed memory size of [0-9]+ bytes exhausted", 0.9, "PHP", caseless=False),
            _r(r"\bNoMemoryError\b", 0.9, "Ruby", caseless=False),
            _r(r"\bOutOfMemoryException\b", 0.9, ".NET", caseless=False),
            _r(r"runtime: cannot allocate memory", 0.85, "Go", caseless=False),
            _r(r"oom_reaper: reaped process", 0.9, "kernel", caseless=False),
            # The OOM killer's own kill line is printed without the "Out of memory:" prefix by 2.6/3.x kernels
            # (and after a separate "Out of memory" line): "Killed process 7748 (python) total-vm:..., anon-rss:...",
            # "Killed process 11726, UID 498, (mysqld) total-vm:...", 5.x: "Killed process 799153 (node), UID 1000,
            # total-vm:...". Only the OOM killer prints total-vm.
            _r(r"\bKilled process [0-9]+,? (?:UID [0-9]+, )?\([^\n]{1,64}\),? (?:UID [0-9]+, )?total-vm:", 0.9,
               "kernel OOM killer (without 'Out of memory:')", caseless=False),
            # Redis forks its whole dataset for BGSAVE/BGREWRITEAOF; ENOMEM there is the memory of the host (the
            # overcommit setting), not a process limit: out of memory, not resource exhaustion
            _r(r"Can't (?:save|rewrite append only file) in background: fork: Cannot allocate memory", 0.85,
               "Redis background save/rewrite", caseless=False),
            _r(r"was sent SIGKILL! Perhaps out of memory", 0.85, "gunicorn", caseless=False),
            _r(r"Native memory allocation \((?:mmap|malloc)\) failed", 0.85, "JVM hs_err", caseless=False),
            _r(r"\bTaskOOM\b", 0.85, "containerd event (logged at info)", caseless=False, any_level=True),
            # the OOM kill or condition in words, hyphenated ("Out-of-memory detected!", "oom-killed process",
            # "was OOM-killed"): supervisors and kernels of notebooks, job runners, container agents
            _r(r"\b(?:out-of-memory (?:detected|condition|kill(?:ed|er)?)|oom[- ]killed)\b", 0.85,
               "OOM in words (hyphenated)"),
            # round 13, Istio's pilot-agent reading Envoy's death by SIGKILL as an OOM kill ("Envoy may have been out of
            # memory killed. Check memory usage and limits.")
            _r(r"\bmay have been out of memory killed\b", 0.85, "Istio pilot-agent: Envoy killed", any_level=True),
            # round 14, the JVM failing to commit its heap ("os::commit_memory(0x00000000c0000000, 1073741824, 0)
            # failed; error='Out of memory' (errno=12)", printed as an "INFO:" VM warning; round 27: glibc's ENOMEM text
            # on some hosts, "error='Not enough space'")
            _r(r"\bos::commit_memory\([^)\n]*\) failed; error='(?:Out of memory|Cannot allocate memory|"
               r"Not enough space)'", 0.85, "JVM heap commit failed", any_level=True),
            # round 15, a GPU out of memory: PyTorch's "CUDA out of memory. Tried to allocate 1.67 GiB (GPU 0; ...)" (it
            # carries a hint: "try setting max_split_size_mb to avoid fragmentation. See documentation ..."),
            # llama.cpp's "cudaMalloc failed: out of memory", "failed to allocate CUDA0 buffer of size ...", "unable to
            # allocate CUDA0 buffer"
            _r(r"\bCUDA out of memory\. Tried to allocate\b|\bcudaMalloc failed: out of memory\b|\b(?:failed|unable) "
               r"to allocate CUDA[0-9]+ buffer\b|\bfailed to allocate compute buffers\b", 0.9,
               "GPU memory (PyTorch, llama.cpp)", hinted=True),
            # round 15 (B), kubelet evicting a pod for the node's memory ("The node was low on resource: memory.")
            _r(r"\bThe node was low on resource: memory\b", 0.85, "kubelet memory eviction", any_level=True),
            # round 17, Maven's summary of a build that ran out of heap ("[ERROR] Java heap space -> [Help 1]")
            _r(r"^\[ERROR\] Java heap space\b", 0.85, "Maven", caseless=False),
            # round 17 (B), the JVM's fatal error report naming its out-of-memory error ("#  Out of Memory Error
            # (os_linux.cpp:2627), pid=12729, ...", a continuation of "There is insufficient memory")
            _r(r"^#[ \t]+Out of Memory Error \([a-z_]+\.cpp:[0-9]+\)", 0.8, "the JVM's hs_err report", caseless=False),
            # round 18, the kernel out of memory with nothing to kill ("Out of memory and no killable processes...",
            # "Kernel panic - not syncing: System is deadlocked on memory", not the "---[ end Kernel panic ..." marker)
            # and QEMU's guest RAM the host cannot give ("cannot set up guest memory 'pc.ram': Cannot allocate memory")
            _r(r"\bOut of memory and no killable processes\b|(?:^|\] )Kernel panic - not syncing: System is deadlocked "
               r"on memory\b|\bcannot set up guest memory '[^'\n]+': Cannot allocate memory\b", 0.9,
               "the kernel, QEMU"),
            # round 19, ClamAV out of memory while it loads its signatures ("LibClamAV Error: mpool_malloc(): Can't
            # allocate memory (262144 bytes).", "LibClamAV Error: Can't load /var/lib/clamav/daily.cvd: Can't allocate
            # memory", and clamd's or clamscan's own "ERROR: Can't allocate memory")
            _r(r"\bLibClamAV Error: [^\n]*Can't allocate memory\b|^ERROR: Can't allocate memory$", 0.85, "ClamAV",
               caseless=False),
            # round 20, srun's report of tasks the memory cgroup killed ("srun: error: nid001277: tasks 1-3: Out Of
            # Memory")
            _r(r"\bsrun: error: [^ \n:]+: tasks? [0-9,-]+: Out Of Memory\b", 0.85, "srun", caseless=False),
            # round 20 (B), slurmstepd's record of the memory cgroup's kills ("error: Detected 2 oom-kill event(s) in
            # step 3756240.batch cgroup.")
            _r(r"\bslurmstepd: error: Detected [0-9]+ oom-kill event\(s\) in step\b", 0.85, "slurmstepd",
               caseless=False),
            # round 21, the Raspberry Pi camera's MMAL component without memory ("mmal_vc_component_create: failed to
            # create component 'vc.ril.camera' (1:ENOMEM)")
            _r(r"\bmmal_vc_component_create: failed to create component '[^'\n]+' \(1:ENOMEM\)", 0.8, "MMAL"),
            # round 23 (B), nlbwmon's netlink socket without memory ("Netlink receive failure: Out of memory")
            _r(r"\bNetlink receive failure: Out of memory\b", 0.8, "nlbwmon"),
            # round 26, SQL Server on Linux refusing to start with too little memory ("sqlservr: This program requires
            # a machine with at least 2000 megabytes of memory."), Chromium's allocator giving up ("[...:FATAL:memory.
            # cc(22)] Out of memory. size=262144")
            _r(r"\bThis program requires a machine with at least [0-9]+ megabytes of memory\b|:FATAL:memory\.cc\([0-9]+"
               r"\)\] Out of memory\.", 0.85, "SQL Server, Chromium", caseless=False),
            # round 27, the kernel's slab allocator out of memory ("SLUB: Unable to allocate memory on node -1,
            # gfp=...")
            _r(r"\bSLUB: Unable to allocate memory on node\b", 0.85, "the kernel (SLUB)", caseless=False),
            # round 35, an allocation that failed outright: PHP's "Out of memory (allocated 25165824) (tried to allocate
            # 65536 bytes)" (not its memory_limit message "Allowed memory size ... exhausted"), osm2pgsql's "Out of
            # memory for dense node cache"
            _r(r"\bOut of memory \(allocated [0-9]+\) \(tried to allocate [0-9]+ bytes\)|"
               r"\bOut of memory for dense node cache\b", 0.85, "PHP, osm2pgsql", caseless=False, any_level=True),
            # round 36, the .NET runtime unable to reserve its heap ("GC heap initialization failed with error
            # 0x8007000E", E_OUTOFMEMORY; not the "Failed to create CoreCLR" line under it, read both ways); a Docker
            # event's "container oom Container ID:"
            _r(r"\bGC heap initialization failed with error 0x8007000E\b|\bcontainer oom Container ID: ", 0.85,
               ".NET runtime, Docker events", caseless=False, any_level=True),
            # round 40, uWSGI unable to allocate ("malloc(): Out of memory [core/utils.c line 1801]", "!!! tried memory
            # allocation of 8589934528 bytes !!!")
            _r(r"\bmalloc\(\): Out of memory \[|!!! tried memory allocation of [0-9]+ bytes !!!", 0.85, "uWSGI",
               caseless=False, any_level=True),
            # round 41, PostgreSQL unable to fork a backend for lack of memory ("could not fork new process for
            # connection: Out of memory"; "No space left on device" after the same words is disk_full)
            _r(r"\bcould not fork new process for connection: Out of memory\b", 0.85, "PostgreSQL", caseless=False,
               any_level=True),
            # round 43, V8's own out-of-memory abort ("# Fatal process OOM in insufficient memory to create an Isolate")
            _r(r"\bFatal process OOM in\b", 0.9, "V8", caseless=False, any_level=True),
            # round 44, ComfyUI's report of PyTorch's device allocation failure ("!!! Exception during processing !!!
            # Allocation on device")
            _r(r"!!! Exception during processing !!! Allocation on device\b", 0.85, "ComfyUI", caseless=False,
               any_level=True),
            # round 45, CTranslate2's CUDA allocation failure ("CUDA failed with error out of memory")
            _r(r"\bCUDA failed with error out of memory\b", 0.9, "CTranslate2", caseless=False, any_level=True),
            # round 51, Heroku's dyno over its memory quota ("heroku[web.1]: Error R14 (Memory quota exceeded)", R15
            # "Memory quota vastly exceeded")
            _r(r"\bError R1[45] \(Memory quota (?:vastly )?exceeded\)", 0.8, "Heroku", caseless=False, any_level=True),
            # round 52, Nexus's JVM monitor ("[jvm monitor] [memory] CRITICAL heap usage: 90% (1.8gb/2.0gb)")
            _r(r"\[jvm monitor\] \[memory\] CRITICAL heap usage: ", 0.8, "Sonatype Nexus", caseless=False,
               any_level=True),
            # round 53, Container-Optimized OS's OOM report ("Process nginx (pid: 3860819) triggered an OOM kill on
            # process nginx", "This OOM kill was invoked by a cgroup, containerID: ")
            _r(r"\btriggered an OOM kill on process\b|\bThis OOM kill was invoked by a cgroup\b", 0.8,
               "Container-Optimized OS", caseless=False, any_level=True),
            # round 55, GitLab's Puma memory watchdog ('"message":"rss memory limit exceeded"', strikes past the
            # maximum)
            _r(r"\"message\":\"rss memory limit exceeded\"", 0.8, "GitLab memory watchdog", caseless=False,
               any_level=True),
            # round 56, text-generation-inference out of GPU memory while it warms up ("would exceed allowed memory.
            # (out of memory)", in the launcher's panic: it outranks the panic) or at its prefill ("Not enough memory to
            # handle 4096 prefill tokens")
            _r(r"\bwould exceed allowed memory\. \(out of memory\)|"
               r"\bNot enough memory to handle [0-9]+ prefill tokens\b", 0.9, "text-generation-inference",
               caseless=False, any_level=True),
            # round 57, SpamAssassin unable to fork ("util: cannot fork: Can't fork: Cannot allocate memory", labelled
            # as Redis's "fork: Cannot allocate memory" is)
            _r(r"\bCan't fork: Cannot allocate memory\b", 0.8, "SpamAssassin", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="disk_full",
        description="The filesystem is out of space, inodes or quota.",
        formats=("any (ENOSPC)", "Node.js", "Python", "MySQL", "PostgreSQL", "Docker", "Redis"),
        regexes=(
            _r(r"no space left on device", 0.95, "ENOSPC text"),
            # an image layer that cannot be written for lack of space: the pull fails whatever level the runtime logs it
            # at (containerd: 'level=info msg="apply failure, attempting cleanup" error="failed to extract layer ...:
            # write ...: no space left on device"')
            _r(r"\bfailed to (?:extract|unpack|apply|register|write) layer\b[^\n]*no space left on device", 0.95,
               "a runtime's layer extraction (at info)", any_level=True),
            _r(r"\[Errno 28\]", 0.9, "Python"),
            _r(r"\b(?:write|open|mkdir|copyfile|rename|fsync|symlink|link|close) ENOSPC\b", 0.9, "Node.js",
               caseless=False),
            _r(r"ENOSPC: no space", 0.9, "Node.js", caseless=False),
            _r(_errno("ENOSPC"), 0.85, "errno in an error", caseless=False),
            _r(r"disk quota exceeded", 0.85, "EDQUOT"),
            _r(r"\bdisk (?:is )?full (?:writing|\()", 0.9, "MySQL"),
            _r(r"\bErrcode: 28\b", 0.9, "MySQL"),
            _r(r"the table '[^'\n]*' is full", 0.75, "MySQL"),
            _r(r"\b(?:out of|no free|no more) inodes\b", 0.85, "inode exhaustion"),
            _r(r"\binodes? (?:exhausted|exhaustion)\b", 0.8, "inode exhaustion"),
            _r(r"MISCONF Redis is configured to save RDB snapshots", 0.55, "Redis (usually disk)",
               caseless=False),
            _r(r"flood stage disk watermark \[[0-9.]+%\] exceeded", 0.85, "Elasticsearch"),
            _r(r"high disk watermark \[[0-9.]+%\] exceeded", 0.7, "Elasticsearch"),
            _r(r"low on resource: ephemeral-storage", 0.75, "kubelet eviction"),
            _r(r"FileSystem domain [^ \n]+ is full\b", 0.85, "AdvFS / cluster file system domain"),
            # ENOSPC in words after a failed write or extend ("Could not set the file size of './ibtmp1'. Probably out
            # of disk space", InnoDB; "ran out of disk space"); advice ("to avoid running out of ...") is vetoed
            _r(r"\b(?:[Pp]robably|[Rr]an|is|are|[Ww]e are|[Ii]t is) out of disk space\b", 0.85, "ENOSPC in words",
               caseless=False),
            _r(r"\bfree disk space is (?:insufficient|too low|below)", 0.85, "RabbitMQ disk alarm"),
            _r(r"\bdisk (?:resource )?(?:limit )?alarm (?:set|raised|triggered)\b", 0.8, "RabbitMQ, brokers"),
            _r(r"\battempting to reclaim\\?\"?[^\n]{0,20}resourceName=\\?\"?(?:ephemeral-storage|nodefs|imagefs)", 0.8,
               "kubelet eviction manager: the node's disk"),
            _r(r"\beviction manager: attempting to reclaim (?:ephemeral-storage|nodefs|imagefs)\b", 0.8,
               "kubelet eviction manager (before structured logs)"),
            # Elasticsearch's flood-stage block as its clients see it (Kibana, Logstash, Beats, Graylog: "blocked by:
            # [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, ...]", "[FORBIDDEN/12/index read-only /
            # allow delete (api)]"): the cluster's disk is full
            _r(r"\b(?:FORBIDDEN|TOO_MANY_REQUESTS)/12/(?:index read-only / allow delete|disk usage exceeded "
               r"flood-stage watermark)", 0.85, "Elasticsearch flood-stage block (clients)", caseless=False),
            # a store that cannot reserve space for a write on its disk (ClickHouse: "Cannot reserve 1.00 MiB, not
            # enough space. (NOT_ENOUGH_SPACE)"), and Windows' ERROR_DISK_FULL text ("There is not enough space on the
            # disk")
            _r(r"\b(?:[Cc]annot|[Cc]ould not|[Uu]nable to|[Ff]ailed to) reserve [0-9.]+ ?[KMGTP]i?B\b[^\n]{0,40}\bnot "
               r"enough (?:free )?(?:disk )?space\b|\(NOT_ENOUGH_SPACE\)", 0.85, "a store reserving space on its disk",
               caseless=False),
            _r(r"\bThere is not enough space on the disk\b", 0.9, "Windows ERROR_DISK_FULL"),
            # round 14 (B), a time-series store turning read-only because free space fell under its limit
            # (VictoriaMetrics: "switching the storage at /vmstorage-data to read-only mode, since it has less than
            # -storage.minFreeDiskSpaceBytes=10000000 of free space"), logged at warn
            _r(r"\bswitching the storage at [^ \n]+ to read-only mode, since it has less than "
               r"-storage\.minFreeDiskSpaceBytes\b", 0.9, "VictoriaMetrics minimum free disk space", any_level=True),
            # round 18, LVM's volume group without the extents asked for ('Volume group "vg0" has insufficient free
            # space (0 extents): 5 required.')
            _r(r"\bVolume group \\?\"[^\"\n\\]+\\?\" has insufficient free space \([0-9]+ extents\): [0-9]+ required\b",
               0.85,
               "LVM"),
            # round 21, the Home Assistant Supervisor refusing an update for lack of space ("blocked from execution, not
            # enough free space (0.8GB) left on the device")
            _r(r"\bnot enough free space \([0-9.]+ ?GB\) left on the device\b", 0.85, "the Home Assistant Supervisor"),
            # round 25, Bitcoin Core and its forks stopping for lack of space ("*** Disk space is low!", "Error: Disk
            # space is too low!", "failed to flush state (Disk space is too low!)"), an NVR's "No available inodes on
            # /x"
            _r(r"\bDisk space is (?:too )?low!|\bNo available inodes on /", 0.85, "Bitcoin Core, Bluecherry",
               caseless=False, any_level=True),
            # round 26, SQL Server's filegroup with no room left ("because the 'PRIMARY' filegroup is full due to lack
            # of storage space"), btrfs aborting on ENOSPC ("errno=-28 No space left", "6 enospc errors during
            # balance")
            _r(r"\bfilegroup is full due to lack of storage space\b|\berrno=-28 No space left\b|\b[0-9]+ enospc errors "
               r"during balance\b", 0.85, "SQL Server, btrfs", caseless=False, any_level=True),
            # round 27, Syncthing stopping a folder for lack of space on its disk ("Stopping folder \"x\" - insufficient
            # free space", "Stopping folder x due to error: insufficient free space", at INFO too)
            _r(r"\bStopping folder [^\n]{1,120}(?: -|: | due to error:) insufficient free space\b", 0.85, "Syncthing",
               caseless=False, any_level=True),
            # round 28, SQLite's SQLITE_FULL ("sqlite3.OperationalError: database or disk is full")
            _r(r"\bdatabase or disk is full\b", 0.85, "SQLite", caseless=False),
            # round 32, a storage server out of space in its own words: MinIO's "error drive path full", Ceph's BlueFS
            # aborting on ENOSPC ('ceph_abort_msg("bluefs enospc")')
            _r(r"\bdrive path full\b|\bceph_abort_msg\(\\?\"bluefs enospc\\?\"\)", 0.85, "MinIO, Ceph BlueFS",
               caseless=False, any_level=True),
            # round 35, PostgreSQL's short write of a data file ('could not extend file "base/16386/19948": wrote only
            # 4096 of 8192 bytes at block'); not its hint "Check free disk space." alone (none in doc_postgresql.tsv)
            _r(r"\bcould not extend file \\?\"[^\"\\\n]+\\?\": wrote only [0-9]+ of [0-9]+ bytes at block\b", 0.85,
               "PostgreSQL", caseless=False, any_level=True),
            # round 48, BerkeleyDB JE refusing writes below its free-space floor ("DiskLimitException: (JE 7.5.11) Disk
            # usage is not within je.maxDisk or je.freeDisk limits")
            _r(r"\bDiskLimitException: \(JE [0-9.]+\) Disk usage is not within je\.maxDisk or je\.freeDisk limits\b",
               0.85, "BerkeleyDB JE (Heritrix)", caseless=False, any_level=True),
            # round 50, ffmpeg's muxer failing to open its output with ENOSPC ("avio_open2 failed, errno -28")
            _r(r"\bavio_open2 failed, errno -28\b", 0.85, "ffmpeg (HandBrake)", caseless=False, any_level=True),
            # round 51, InnoDB's partial writes ("[MY-012637] [InnoDB] 1048576 bytes should have been written. Only
            # 720896 bytes written. Retrying for the remaining bytes.", "[MY-012638] [InnoDB] Retry attempts for writing
            # partial data failed.")
            _r(r"\[MY-01263[78]\] \[InnoDB\] (?:[0-9]+ bytes should have been written\. Only [0-9]+ bytes written\b|"
               r"Retry attempts for writing partial data failed\b)", 0.85, "MySQL 8 InnoDB", caseless=False,
               any_level=True),
            # round 52, Artifactory's datastore over its limit ("Datastore disk is too high: Warning limit: 85%, Used:
            # 91%", "Datastore disk usage is too high. Contact your Artifactory administrator to add additional storage
            # space")
            _r(r"\bDatastore disk (?:is|usage is) too high\b", 0.85, "JFrog Artifactory", caseless=False,
               any_level=True),
            # round 53, Weaviate turning a shard read-only at its disk threshold ("Set READONLY, disk usage currently at
            # 90.01%, threshold set to 90.00%")
            _r(r"\bSet READONLY, disk usage currently at [0-9.]+%, threshold set to\b", 0.85, "Weaviate",
               caseless=False, any_level=True),
            # round 57, SteamCMD refusing to update a game server ("!!! Fatal Error: Steamcmd needs 250MB of free disk
            # space to update.")
            _r(r"\bSteamcmd needs [0-9]+MB of free disk space to update\b", 0.85, "SteamCMD", caseless=False,
               any_level=True),
            # round 59, Ray's object store refusing to grow on a nearly full disk ("file_system_monitor.cc:116:
            # /tmp/ray/x is over 95% full, available space: ...; Object creation will fail if spilling is required.")
            _r(r"\bfile_system_monitor\.cc:[0-9]+: [^ \n]+ is over [0-9]+% full\b", 0.85, "Ray", caseless=False,
               any_level=True),
            # round 60, the Buildkite agent's disk check refusing a job ("Not enough disk space free, cutoff is
            # 5242880", "Not enough inodes free, cutoff is 250000")
            _r(r"\bNot enough (?:inodes|disk space) free, cutoff is [0-9]+\b", 0.85, "Buildkite agent", caseless=False,
               any_level=True),
        ),
    ),
    PatternDef(
        id="network_timeout",
        description="A network operation timed out or the network is unreachable.",
        formats=("Go", "Java", "Python", "Node.js", "nginx", "curl", "gRPC", "Docker"),
        regexes=(
            _r(r"\bi/o timeout\b", 0.85, "Go net"),
            _r(r"\bconnect(?:ion)? timed out\b", 0.85, "ETIMEDOUT text, Java connect"),
            _r(r"\bread timed out\b", 0.8, "Java / urllib3"),
            _r(r"\bconnection #?[0-9]+ to [^ \n\]]+ timed out\b", 0.85,
               "MongoDB drivers (connection N to host:port), Fluent Bit (connection #N to host:port)"),
            # round 12, a VPN client whose TLS handshake with its server never completed (OpenVPN: "TLS Error: TLS key
            # negotiation failed to occur within 60 seconds (check your network connectivity)"); a server's line names
            # the client's address first and is the client's problem (not matched)
            _r(r"(?:^|[ \t](?:19|20)[0-9]{2} |\]: )TLS Error: TLS (?:key negotiation|handshake) failed to occur within",
               0.8, "a VPN client's TLS handshake timeout (OpenVPN)"),
            # round 12 (B), an ACME server that could not reach this host to validate it (certbot: "The server could not
            # connect to the client to verify the domain", Let's Encrypt's "Timeout during connect (likely firewall
            # problem)"): the network path to the host
            _r(r"\bcould not connect to the client to verify the domain\b|\bTimeout during connect \(likely firewall "
               r"problem\)", 0.8, "ACME validation could not reach the host"),
            _r(r"\[Errno 110\]", 0.85, "Python"),
            _r(r"\b(?:connect|read|write|Error:) ETIMEDOUT\b", 0.85, "Node.js", caseless=False),
            _r(_errno("ETIMEDOUT"), 0.85, "errno in an error", caseless=False),
            _r(r"\bESOCKETTIMEDOUT\b", 0.8, "Node.js request", caseless=False),
            # Node.js errors printed as "CODE: message" ("ETIMEDOUT: ETIMEDOUT", "ETIMEDOUT: connect ETIMEDOUT ...") and
            # got's "Timeout awaiting 'request' for 15000ms" (its phases: lookup, connect, socket, request, response)
            _r(r"(?:^|[ \t:])ETIMEDOUT: ", 0.8, "Node.js error code first", caseless=False),
            _r(r"\bTimeout awaiting '(?:lookup|connect|secureConnect|socket|send|request|response|read)' for [0-9]+ms",
               0.85, "got (Node.js HTTP client)", caseless=False),
            _r(r"java\.net\.SocketTimeoutException", 0.85, "Java", caseless=False),
            _r(r"\b(?:ConnectTimeout|ReadTimeout|ServerTimeout)Error\b", 0.85, "urllib3/aiohttp",
               caseless=False),
            _r(r"\b(?:requests|httpx)\.(?:exceptions\.)?(?:ConnectTimeout|ReadTimeout)\b", 0.85, "requests/httpx",
               caseless=False),
            _r(r"upstream timed out", 0.85, "nginx"),
            # Only where the deadline is about the network: an HTTP call, a dial, a lookup, an RPC.
            _r(r"\b(?:Get|Post|Put|Patch|Delete|Head) \\?\"[^\"\n]*\": context deadline exceeded", 0.8, "Go net/http",
               caseless=False),
            _r(r"\b(?:dial|lookup|rpc error|tls handshake)\b[^\n]*context deadline exceeded", 0.8, "Go net, gRPC"),
            _r(r"context deadline exceeded[^\n]*(?:Client\.Timeout|awaiting headers|dial)", 0.85, "Go net/http"),
            _r(r"Client\.Timeout exceeded", 0.85, "Go net/http", caseless=False),
            _r(r"code = DeadlineExceeded", 0.8, "gRPC", caseless=False),
            _r(r"TLS handshake timeout", 0.85, "Go / Docker pull"),
            _r(r"\bcurl: \(28\)", 0.85, "curl"),
            _r(r"\boperation timed out\b", 0.7, "curl / BSD"),
            _r(r"timed out (?:while )?connecting to\b", 0.8),
            _r(r"\bno route to host\b", 0.65, "EHOSTUNREACH"),
            _r(r"\bnetwork is unreachable\b", 0.65, "ENETUNREACH"),
            _r(r"getaddrinfo EAI_AGAIN\b", 0.7, "Node.js DNS", caseless=False),
            _r(r"temporary failure in name resolution", 0.7, "glibc DNS"),
            _r(r"socket\.timeout: timed out", 0.8, "Python", caseless=False),
            _r(r"\bupstream request timeout\b", 0.75, "Envoy"),
            _r(r"\bfailed: timeout expired\b", 0.8, "libpq connect_timeout"),
            _r(r"Connection is not available, request timed out after", 0.8, "HikariCP"),
            _r(r"\blookup [^ \n]+ on [^ \n]+: server misbehaving", 0.8, "Go resolver"),
            # a client's wait for its cluster's metadata that ran out (Kafka producers: "Topic x not present in metadata
            # after 60000 ms.", "Failed to update metadata after 60000 ms."; librdkafka's "Local: Timed out", "Local:
            # Message timed out")
            _r(r"\b(?:not present in metadata|[Ff]ailed to update metadata) after [0-9]+ ?ms\b", 0.8,
               "a client's metadata wait (Kafka)"),
            _r(r"\bLocal: (?:Message )?[Tt]imed out\b", 0.8, "librdkafka timeouts", caseless=False),
            # a socket read or write that timed out, in words ("IO timeout when reading 7 bytes", Ruby AMQP clients)
            _r(r"\b(?:IO|I/O) timeout (?:when|while) (?:reading|writing)\b", 0.8, "a socket read/write timeout"),
            # round 11, an HTTP or socket client's timeout exception in each runtime's name: Ruby (Net::ReadTimeout,
            # Net::OpenTimeout, Errno::ETIMEDOUT, Faraday's TimeoutError), PHP's Guzzle/cURL ("cURL error 28"), Java
            # 11's HttpClient (HttpTimeoutException, HttpConnectTimeoutException), .NET's HttpClient.Timeout (the class
            # raised or printed: "(Net::ReadTimeout)", "Net::OpenTimeout: execution expired", "... with #<TCPSocket>"; a
            # "rescue Net::ReadTimeout => e" of the source is not)
            _r(r"(?:\bNet::(?:Read|Open|Write)Timeout|\bErrno::ETIMEDOUT|\bFaraday::(?:Error::)?TimeoutError)"
               r"(?: with #|\)|:| \(|[ \t\r]*$)|\bcURL error 28\b|\bHttp(?:Connect)?TimeoutException\b|"
               r"\bHttpClient\.Timeout\b", 0.85,
               "HTTP clients' timeout exceptions (Ruby, PHP, Java, .NET)", caseless=False),
            # round 11, musl's strerror of EHOSTUNREACH (Alpine images: "Host is unreachable"; glibc says "No route to
            # host")
            _r(r"\bHost is unreachable\b", 0.65, "EHOSTUNREACH (musl)"),
            # round 13, the API server ending a request it could not finish in time (Helm: "Error: release loghouse
            # failed: Timeout: request did not complete within allowed duration")
            _r(r"\bTimeout: request did not complete within (?:the )?allowed duration\b", 0.8,
               "Kubernetes API server request timeout"),
            # round 14, connect timeouts of a proxy to its backends (ProxySQL: "Connect timeout on 10.0.0.1:3306 :
            # exceeded by 2us") and of TiKV to PD ("PD endpoint pd0:2379 failed to respond: ... DeadlineExceeded")
            _r(r"\bConnect timeout on [^ \n]+:[0-9]{1,5} : exceeded by\b|\bPD endpoint [^ \n]+ failed to respond: "
               r"[^\n]{0,100}DeadlineExceeded\b", 0.8, "ProxySQL and TiKV connect timeouts"),
            # round 14 (B), a registry timing out on its backing topic (Schema Registry: "StoreInitializationException:
            # Timed out trying to create or validate schema topic configuration"), a controller's ping of its agent
            # (Jenkins: "Ping failed. Terminating the channel vm-1.", "java.util.concurrent.TimeoutException: Ping
            # started at 1778843752744 hasn't completed by 1778844352744")
            _r(r"\bTimed out trying to create or validate schema topic\b|\bPing failed\. Terminating the channel\b|"
               r"\bPing started at [0-9]+ hasn't completed by\b", 0.8, "Schema Registry, Jenkins agent pings"),
            # round 15, a collective operation between GPU ranks that timed out (PyTorch's NCCL watchdog: "Watchdog
            # caught collective operation timeout: WorkNCCL(SeqNum=7753, OpType=ALLREDUCE, ...) ran for 1802212
            # milliseconds")
            _r(r"\bWatchdog caught collective operation timeout\b", 0.85, "NCCL collective timeout"),
            # round 16, cloudflared dialling Cloudflare's edge over QUIC ("failed to dial to edge with quic: timeout:
            # no recent network activity")
            _r(r"\bfailed to dial to edge with quic: timeout\b", 0.8, "cloudflared's edge connection"),
            # round 17, a gRPC keepalive that got no answer (Woodpecker's agent: "keepalive ping failed to receive ACK
            # within timeout") and the MongoDB driver's server selection running out ("MongoTimeoutError: Server
            # selection timed out after 10000 ms", and the error's `name: 'MongoTimeoutError'` field)
            _r(r"\bkeepalive ping failed to receive ACK within timeout\b|\bMongoTimeoutError\b", 0.8,
               "gRPC keepalive, the MongoDB Node.js driver", caseless=False),
            # round 18, remote execution that timed out: Salt's request ("SaltReqTimeoutError: after 60 seconds", at
            # info while it retries), Ansible's become prompt ("Timeout (12s) waiting for privilege escalation prompt"),
            # ssh ("Connection to 10.0.0.5 port 2266 timed out", "ssh: connect to host 10.0.0.9 port 22: Operation timed
            # out")
            _r(r"\bSaltReqTimeoutError: after [0-9]+ seconds\b|\bTimeout \([0-9]+s\) waiting for privilege escalation "
               r"prompt\b|^Connection to [^ \n]+ port [0-9]+ timed out$|\bssh: connect to host [^ \n]+ port [0-9]+: "
               r"Operation timed out\b", 0.8, "Salt, Ansible, ssh", any_level=True),
            # round 18 (B), cloud-init's metadata service that never answered ("url_helper.py[ERROR]: Timed out, no
            # response from urls: [...]")
            _r(r"\burl_helper\.py\[ERROR\]: Timed out, no response from urls\b", 0.8, "cloud-init", caseless=False),
            # round 20, Ceph's monitor client and LNet's InfiniBand peers timing out ("monclient(hunting): authenticate
            # timed out after 300", "kiblnd_check_conns()) Timed out tx for 172.31.126.87@o2ib: 403055 seconds")
            _r(r"\bmonclient(?:\(hunting\))?: authenticate timed out after [0-9]+\b|\bkiblnd_check_conns\(\)\) Timed "
               r"out tx for [^ \n]+: [0-9]+ seconds\b", 0.8, "Ceph, LNet", any_level=True),
            # round 20 (B), Slurm's RPC timeout ("slurm_reconfigure error: Socket timed out on send/recv operation")
            _r(r"\bSocket timed out on send/recv operation\b", 0.8, "Slurm"),
            # round 21, a Home Assistant coordinator's fetch that timed out ("Timeout fetching homeassistant_alerts
            # data")
            _r(r"\bTimeout fetching [a-z_]+ data\b", 0.8, "Home Assistant"),
            # round 21 (B), the Supervisor's API call that timed out ("Timeout on /supervisor/options request")
            _r(r"\bTimeout on /[^ \n]+ request\b", 0.8, "Home Assistant's Supervisor client"),
            # round 22, .NET's HTTP client timing out ("System.Net.WebException: Http request timed out")
            _r(r"\bSystem\.Net\.WebException: Http request timed out\b", 0.8, ".NET"),
            # round 23, the PowerDNS recursor's root refresh timing out ("Failed to update . records, got an exception:
            # Too much time waiting for .|NS, timeouts: 5")
            _r(r"\bToo much time waiting for [^ \n,]+, timeouts: [1-9]", 0.8, "the PowerDNS recursor"),
            # round 23 (B), Nebula's handshake at info ('msg="Handshake timed out"') and a control command that timed
            # out ("subprocess.TimeoutExpired: Command '['/usr/sbin/knotc', ...]' timed out after 30 seconds")
            _r(r"\bmsg=\"Handshake timed out\"|\bsubprocess\.TimeoutExpired: Command '[^\n]*' timed out after [0-9]+ "
               r"seconds\b", 0.8, "Nebula, Python's subprocess", any_level=True),
            # round 24, a mount or attempt that gave up on a timeout ("Mount attempt 1/3 failed due to timeout after 15
            # sec")
            _r(r"\bfailed due to (?:a )?timeout\b", 0.8, "mount helpers"),
            # round 25, a start-up that gave up on its database within the configured time (n8n: "Could not establish
            # database connection within the configured timeout of 20,000 ms")
            _r(r"\bCould not establish database connection within the configured timeout\b", 0.8, "n8n",
               caseless=False),
            # round 29, a deadline on the way to a named server (Nomad: "error getting server health from \"x\": context
            # deadline exceeded"; Temporal's health wait: "failed reaching server: context deadline exceeded"; gRPC
            # Python: "status = StatusCode.DEADLINE_EXCEEDED"); a bare "context deadline exceeded" is read several ways
            # across rounds and stays unmatched
            _r(r"\berror getting server health from [^ \n]+: context deadline exceeded\b|\bfailed reaching server: "
               r"context deadline exceeded\b|\bstatus = StatusCode\.DEADLINE_EXCEEDED\b", 0.8,
               "Nomad, Temporal, gRPC Python", caseless=False, any_level=True),
            # round 30, an ACME server's validation that could not fetch the challenge ('"detail": "Fetching
            # http://x/.well-known/acme-challenge/token: Timeout"')
            _r(r"/\.well-known/acme-challenge/[^ \n:]+: Timeout\b", 0.8, "ACME validation", caseless=False,
               any_level=True),
            # round 32, Galera's group channel to a peer ("connection to peer 0000 with addr tcp://x:4567 timed out, no
            # messages seen in PT3S", at Note level)
            _r(r"\bconnection to peer [0-9a-f-]+ with addr tcp://[^ \n]+ timed out, no messages seen in\b", 0.8,
               "Galera", caseless=False, any_level=True),
            # round 36, Linkerd's proxy timing out a connect ("error trying to connect: request timed out")
            _r(r"\blinkerd2_proxy::[a-z_:]+ unexpected error: error trying to connect: request timed out\b", 0.8,
               "Linkerd", caseless=False, any_level=True),
            # round 38, Elixir's ClickHouse client timing out ("Ch.Connection (#PID<0.3386.0>) disconnected: **
            # (Mint.TransportError) timeout")
            _r(r"\) disconnected: \*\* \(Mint\.TransportError\) timeout\b", 0.8, "Mint (Elixir)", caseless=False,
               any_level=True),
            # round 41, Celery's consumer timing out on its broker ("consumer: Cannot connect to amqp://x: timed out.")
            _r(r"\bconsumer: Cannot connect to amqp://[^ \n]+: timed out\b", 0.8, "Celery", caseless=False,
               any_level=True),
            # round 44, Windows' WSAETIMEDOUT by its code whatever the language of its text ("TimeoutError: [WinError
            # 10060] ..."; round 51: asyncio's "[Errno 10060] Connect call failed")
            _r(r"\bTimeoutError: \[WinError 10060\] |\[Errno 10060\] Connect call failed\b", 0.8, "Python on Windows",
               caseless=False, any_level=True),
            # round 46, fr24feed's upload stream that timed out ("[feed][n]syncing stream: timeout")
            _r(r"\[feed\]\[n\]syncing stream: timeout\b", 0.8, "fr24feed", caseless=False, any_level=True),
            # round 48, a fetcher or metasearch engine whose upstream did not answer in time: SearXNG's
            # "searx.engines.google : engine timeout", "searx.search:engine timeout: bing" and "HTTP requests timeout
            # (search duration : 3.04 s, timeout: 3.0 s)", mbsync's "Socket error on 127.0.0.1 (127.0.0.1:1143):
            # timeout."
            _r(r"\bsearx\.engines\.[a-z_]+ *: engine timeout\b|\bsearx\.search:engine timeout: |"
               r"\bHTTP requests timeout ?\(search duration : |\bSocket error on [^ \n]+ \([^)\n]+\): timeout\.", 0.8,
               "SearXNG, mbsync", caseless=False, any_level=True),
            # round 50, an inverter bridge giving up on its logger ("DeyeConnector - WARNING - Too many connection
            # timeouts")
            _r(r"\bDeyeConnector - [A-Z]+ - Too many connection timeouts\b",
               0.8, "deye-inverter-mqtt", caseless=False, any_level=True),
            # round 51, Windows' semaphore timeout by its number, whatever the language of its text ("[WinError 121]";
            # its WSAETIMEDOUT is round 44's rule)
            _r(r"\[WinError 121\]", 0.8, "Windows (Python)", caseless=False, any_level=True),
            # round 52, Go's HTTP client without an answer in time ("net/http: timeout awaiting response headers":
            # Aptly's mirror downloads)
            _r(r"\bnet/http: timeout awaiting response headers\b", 0.8, "Go net/http", caseless=False, any_level=True),
            # round 53, the API server's own timeout to a controller ("the server was unable to return a response in the
            # time allotted")
            _r(r"\bthe server was unable to return a response in the time allotted\b", 0.8, "Kubernetes API",
               caseless=False, any_level=True),
            # round 54, FreeSWITCH's STUN lookup of its public address ("switch_stun.c:900 STUN Failed! [Timeout]")
            _r(r"\bSTUN Failed! \[Timeout\]", 0.8, "FreeSWITCH", caseless=False, any_level=True),
            # round 58, bore's "Error: timed out waiting for initial message", EasyTier's "connect to peer error. dst:
            # udp://x, ..., err: Err(Timeout(Elapsed(())))"
            _r(r"\bError: timed out waiting for initial message\b|"
               r"\bconnect to peer error\. dst: [^\n]{1,200}\bTimeout\(Elapsed\(", 0.8, "bore, EasyTier",
               caseless=False, any_level=True),
            # round 60, Longhorn's engine call and Rook's ceph commands that timed out ("cannot get volume info: Timeout
            # executing:", "2019-05-03 14:47:35.013823 I | exec: timed out")
            _r(r"\bcannot get volume info: Timeout executing: |^[0-9-]+ [0-9:.]+ [IDWE] \| exec: timed out$", 0.8,
               "Longhorn, Rook", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="process_crash",
        description="The process crashed: signal, panic, unhandled exception, non-zero exit or crash loop.",
        formats=("systemd", "kernel", "Go", "Python", "Java", "Node.js", "C/C++", "Rust", "supervisord"),
        regexes=(
            # older systemd (v219 and before) writes "main process exited" in lower case
            _r(r"[Mm]ain process exited, code=dumped", 0.9, "systemd core dump", caseless=False),
            # round 43: a control process too ("kiwix-serve.service: Control process exited, code=killed,
            # status=11/SEGV")
            _r(r"(?:[Mm]ain|Control) process exited, code=killed, "
               r"status=(?:[0-9]+/)?(?:KILL|SEGV|ABRT|BUS|ILL|FPE|SYS)\b", 0.85, "systemd fatal signal",
               caseless=False),
            # round 12: status 143 is 128 + SIGTERM, a stop the JVM or a shell reports as its exit status (no crash)
            _r(r"[Mm]ain process exited, code=exited, status=(?:[1-9][0-9]?|1[0-35-9][0-9]|14[0-24-9]|[2-9][0-9][0-9])"
               r"/",
               0.8, "systemd non-zero exit", caseless=False),
            # systemd (PID 1) itself crashing: its crash handler's "Caught <SEGV>, dumped core as pid N" / "core
            # dump failed"
            _r(r"\bCaught <(?:SEGV|ABRT|BUS|ILL|FPE|SYS)>(?:, (?:dumped core|core dump failed|cannot fork)| from PID "
               r"[0-9])", 0.9,
               "systemd PID 1 crash handler", caseless=False),
            _r(r"^ *Core was generated by `", 0.8, "gdb opening a core dump (round 54: indented)", caseless=False),
            # systemd-coredump storing a core: "Process 471 (systemd-journal) of user 0 dumped core." and where it put
            # it ("Coredump diverted to /var/lib/systemd/coredump/core...")
            _r(r"\bProcess [0-9]+ \([^)\n]{1,64}\) of user [0-9]+ dumped core\b", 0.9, "systemd-coredump",
               caseless=False),
            _r(r"\bCoredump diverted to /", 0.8, "systemd-coredump", caseless=False),
            # pre-fork masters reporting a worker that died under them ("Fork 0 died, spawning replacement worker...",
            # "worker 3 died", "child 1234 died unexpectedly"); a worker that exited on request says so otherwise
            _r(r"\b(?:[Ww]orker|[Cc]hild|[Ff]ork)(?: process)? (?:pid[: ]?)?#?[0-9]+ died\b", 0.8,
               "pre-fork masters", caseless=False),
            _r(r"\bWorker \(pid:[0-9]+\) exited with code [1-9]", 0.8, "gunicorn arbiter (not a container)",
               caseless=False, priority=45),
            _r(r"Failed with result '(?:exit-code|signal|core-dump|watchdog|start-limit-hit)'", 0.85, "systemd",
               caseless=False),
            _r(r"start request repeated too quickly", 0.9, "systemd crash loop (older systemd: lower case)"),
            _r(r"\bstart-limit-hit\b", 0.85, "systemd crash loop", caseless=False),
            _r(r"\bsegfault at [0-9a-f]+ ip\b", 0.95, "kernel", caseless=False),
            _r(r"\bsegmentation fault\b", 0.85, "shell / libc"),
            _r(r"\b(?:signal|by|received|caught) SIGSEGV\b", 0.8, "Go / shell", caseless=False),
            _r(r"\bSIGSEGV \(0xb\)", 0.85, "JVM hs_err", caseless=False),
            _r(r"\(core dumped\)", 0.85, "shell"),
            _r(r"\bgeneral protection fault\b", 0.8, "kernel traps"),
            _r(r"(?:^|\"|[]:|][ \t]+|(?:stdout|stderr) [FP] )panic: ", 0.85, "Go panic", caseless=False),
            _r(r"fatal error: (?:concurrent map|all goroutines are asleep|unexpected signal|stack overflow|"
               r"found bad pointer)", 0.9, "Go runtime", caseless=False),
            _r(r"Fatal Python error:", 0.9, "Python", caseless=False),
            # the JVM names the uncaught exception's class, package-qualified; two headers printed into each other
            # ('Exception in thread "main" Exception in thread "pool-1"') say nothing yet
            _r(r"Exception in thread \\?\"main\\?\" [a-z][A-Za-z0-9_$]*\.", 0.85, "Java", caseless=False),
            _r(r"A fatal error has been detected by the Java Runtime Environment", 0.9, "JVM", caseless=False),
            _r(r"\bUnhandledPromiseRejection\b", 0.8, "Node.js", caseless=False),
            _r(r"\bUncaught (?:exception|Error|TypeError|ReferenceError|RangeError|SyntaxError)\b", 0.7,
               "Node.js / PHP", caseless=False),
            _r(r"terminate called after throwing an instance of", 0.85, "C++", caseless=False),
            _r(r"thread '[^'\n]*'(?: \([0-9]+\))? panicked at", 0.85, "Rust", caseless=False),
            _r(r"\(exit status [1-9][0-9]*; not expected\)", 0.85, "supervisord", caseless=False),
            _r(r"entered FATAL state, too many start retries", 0.9, "supervisord", caseless=False),
            _r(r"\bUnhandled exception\. System\.", 0.8, ".NET", caseless=False),
            _r(r"\*\*\* stack smashing detected \*\*\*", 0.85, "glibc"),
            _r(r"double free or corruption", 0.85, "glibc"),
            _r(r"Control process exited, code=exited,? status=[1-9]", 0.8, "systemd ExecStartPre/ExecStart"),
            _r(r"\bProcess: [0-9]+ Exec[A-Za-z]+=[^\n]*\(code=exited, status=[1-9][0-9]*[/)]", 0.8,
               "systemctl status (older systemd prints no status name)"),
            _r(r"\bWorker failed to boot\b", 0.8, "gunicorn arbiter halting (any gunicorn app)", caseless=False),
            _r(r"\bgenerating core\.[0-9]", 0.8, "BlueGene/L RAS", caseless=False),
            _r(r"\brts panic! - stopping execution", 0.85, "BlueGene/L runtime"),
            _r(r"\bciod: generated [0-9]+ core files for program\b", 0.8, "BlueGene/L ciod", caseless=False),
            _r(r"\bexited abnormally with \[[1-9]", 0.8, "cron jobs (logrotate)"),
            _r(r"\bexited with abnormal code: [1-9]", 0.85, "launchd"),
            _r(r"\bwas terminated by signal [0-9]+: (?:Killed|Aborted|Bus error)", 0.8, "PostgreSQL child",
               caseless=False),
            # fatal signals only: a SIGKILL of a worker is often its master's doing (nginx at reload)
            _r(r"\b(?:exit(?:ed)?|died|terminated|killed)\b[^\n]{0,40}(?:\b(?:on|by|with|from) \\?'?|, )signal:? "
               r"(?:4|6|7|8|11|SIG(?:SEGV|ABRT|BUS|FPE|ILL))\b", 0.8,
               "supervisors reporting a child's fatal signal (PHP-FPM, uWSGI, Celery, rspamd, waitpid)"),
            # a supervisor or runner reporting its child's non-zero exit ("Process org.freedesktop.systemd1 exited with
            # status 1", dbus-daemon; "Exit code 137 returned from process: ...", CI agents; "Process died"); "The
            # command exited with status 100" (a shell step's verdict) is not matched
            _r(r"\b[Pp]rocess [^ \n]{1,80} exited with (?:exit )?status [1-9]", 0.8, "supervisors (dbus-daemon)",
               caseless=False),
            _r(r"\b[Ee]xit (?:code|status) [1-9][0-9]* returned from (?:process|child|command)\b", 0.8,
               "runners (Azure Pipelines agent)", caseless=False),
            _r(r"\b[Pp]rocess (?:has )?died\b", 0.8, "supervisors", caseless=False),
            # a core dump written by a crash handler (abrt's "Saved core dump of pid N (exe) to ..."): the corpus
            # convention, a generated core dump is process_crash
            _r(r"\b(?:[Ss]aved|[Ww]rote|[Ww]riting) core (?:dump|file) (?:of|for) (?:pid|process) [0-9]", 0.8,
               "crash handlers (abrt)", caseless=False),
            # Go's runtime announcing the fatal signal it received at a line's start ("SIGSEGV: segmentation
            # violation", "SIGABRT: abort"; SIGQUIT's goroutine dump is no crash)
            _r(r"^[ \t]*SIG(?:SEGV|ABRT|BUS|ILL|FPE|TRAP|SYS): [a-z]", 0.8, "Go runtime fatal signal", caseless=False),
            # a runtime's fatal start-up: the Erlang VM halting ("Kernel pid terminated (application_controller)",
            # "Runtime terminating during boot", its erl_crash.dump), Kafka's "Fatal error during KafkaServer startup"
            _r(r"\bKernel pid terminated\b", 0.85, "Erlang VM halted", caseless=False),
            _r(r"\bRuntime terminating during boot\b", 0.85, "Erlang VM halted at boot", caseless=False),
            _r(r"\bCrash dump is being written to: ", 0.85, "Erlang VM crash dump", caseless=False),
            _r(r"\bFatal error during [A-Za-z]+ ?(?:startup|start-up|initiali[sz]ation)\b", 0.85,
               "fatal start-up (Kafka and JVM servers)"),
            # a service manager or the program itself saying the process ended unexpectedly (Windows Service Control
            # Manager "The X service terminated unexpectedly", "Elasticsearch exited unexpectedly"), and Windows Error
            # Reporting's "Faulting application X, version ..."
            _r(r"\b(?:exited|terminated|died|quit) unexpectedly\b", 0.8, "unexpected end of a process"),
            _r(r"\b[Ff]aulting application(?: name:)? [^ \n,]+, version\b|^faulting module [^ \n,]+, version "
               r"[^ \n,]+, fault address\b", 0.85, "Windows Error Reporting",
               caseless=False),
            # a server stopping itself for a fatal condition it names (Kafka's "Shutdown broker because all log dirs
            # in ... have failed", "Halting the node because ...")
            _r(r"\b(?:Shutdown|Shutting down|Halting|Stopping) (?:the )?(?:broker|server|node|instance) because\b"
               r"[^\n]{0,100}\b(?:failed|failure|fatal|error|corrupt(?:ed|ion)?)\b", 0.8,
               "a server's fatal self-shutdown", caseless=False),
            # a master's fatal report of a child killed by a signal ("Fatal: master: service(imap-login): child 21701
            # killed with signal 9", Dovecot); an info line of a worker killed at reload stays
            _r(r"\bFatal: [^\n]{0,80}\bkilled with signal [0-9]", 0.8, "supervisors at Fatal level",
               caseless=False),
            _r(r"\bfatal: watchdog timeout\b", 0.8, "a daemon's own watchdog (Postfix)", caseless=False),
            # an exit code that is 128 + a fatal signal (132 SIGILL, 133 SIGTRAP, 134 SIGABRT, 135 SIGBUS, 136 SIGFPE,
            # 139 SIGSEGV) reported by a runner or supervisor ("error Command failed with exit code 139.", yarn; "Worker
            # (pid:54) was sent code 139!", gunicorn); Compose's "exited with code 139" stays a container exit
            _r(r"\b(?:exit(?:ed)?|failed|terminated|sent|returned|died)\b[^\n]{0,20}\b(?:code|status):? "
               r"(?:13[2-6]|139)\b", 0.8, "exit code of a fatal signal (128 + N)"),
            # a Go runtime error caught by a crash handler that logs it and panics again (Kubernetes' HandleCrash:
            # 'Observed a panic: "invalid memory address or nil pointer dereference" (runtime error: ...)'); net/http's
            # recovered "http: panic serving" is vetoed
            _r(r"\bruntime error: (?:invalid memory address or nil pointer dereference|index out of range|slice bounds "
               r"out of range|integer divide by zero)\b", 0.8, "Go runtime error", caseless=False),
            # a master process reporting its child's end by path and pid (Postfix master: "warning: process
            # /usr/lib/postfix/smtpd pid 10809 exit status 1", "... pid 77 killed by signal 11")
            _r(r"\bprocess /[^ \n]{1,120} pid [0-9]+ (?:exit status [1-9]|killed by signal (?:4|6|7|8|11)\b)", 0.8,
               "a master reporting a child by path and pid", caseless=False),
            # a watchdog reporting that the server it runs was killed ("Application: Child process was terminated by
            # signal 9 (KILL).", ClickHouse's watchdog)
            _r(r"\b[Cc]hild process (?:was )?terminated by signal (?:4|6|7|8|9|11)\b", 0.8,
               "a watchdog reporting its server killed", caseless=False),
            # a server's fatal start-up exception (Cassandra: "Exception encountered during startup")
            _r(r"\b(?:Exception|Error) encountered during (?:startup|start-up|initiali[sz]ation)\b", 0.8,
               "a fatal start-up exception", caseless=False),
            # round 11, a Node.js or Ruby process manager reporting its app's exit: PM2 ("App [web:0] exited with code
            # [1] via signal [SIGINT]", "Script /app/x.js had too many unstable restarts (16). Stopped."), Foreman and
            # its kind ("17:18:13 web.1  | exited with code 1": a process, not a container), forever ("Forever detected
            # script exited with code: 1"); code 0 is a clean exit. nodemon's "app crashed - waiting for file changes"
            # is a development server waiting for an edit (doc_runtimes.tsv labels it none): not matched
            _r(r"\bApp \[[^]\n]+\] exited with code \[[1-9][0-9]*\]|\bhad too many unstable restarts \([0-9]+\)", 0.85,
               "PM2", caseless=False),
            _r(r"\b[0-9]{2}:[0-9]{2}:[0-9]{2} [A-Za-z0-9_-]+\.[0-9]+ +\| exited with code [1-9]", 0.8,
               "Foreman (a Procfile's process)", caseless=False, priority=45),
            _r(r"\bForever detected script exited with code:? [1-9]", 0.8, "forever"),
            # round 11, upstart (init) reporting its job's end and its crash loop ("init: php5-fpm main process (12528)
            # terminated with status 1", "... killed by SEGV signal", "init: php5-fpm respawning too fast, stopped"); 78
            # is config_error above
            _r(r"\binit: [^ \n]+ (?:main|pre-start|post-start) process \([0-9]+\) (?:terminated with status [1-9]|"
               r"killed by (?:SEGV|ABRT|BUS|ILL|FPE|KILL) signal)", 0.8, "upstart job ended", caseless=False),
            _r(r"\binit: [^ \n]+ respawning too fast, stopped\b", 0.85, "upstart crash loop", caseless=False),
            # round 11, a program's own crash report naming the signal ("Redis 2.9.7 crashed by signal: 11")
            _r(r"\bcrashed (?:by|with|on) signal:? ?(?:[0-9]+|SIG[A-Z]+)\b", 0.85, "a crash report naming the signal"),
            # round 12, a supervisor reporting that its child died or was killed by its watchdog: strongSwan's starter
            # ("charon has died -- restart scheduled (5sec)"), SSSD ("Child [280773] ('ipa':'%BE_ipa') was terminated by
            # own WATCHDOG"), a Go supervisor relaying exec's error ("[monitor] INFO: Syncthing exited: exit status 1"),
            # cron's verdict on a job ("(CRON) error (grandchild #20592 failed with exit status 1)"), OpenRC's status
            # ("* status: crashed"); run-parts' "exited with return code 1" is not matched (round 2 labels it none when
            # the cause is on the lines above it, round 12 process_crash: the labellers disagree)
            _r(r"\b(?:charon|pluto|starter|[a-z][a-z0-9_-]*d) has died\b|\bwas terminated by (?:its )?own WATCHDOG\b|"
               r"\bexited: exit status [1-9][0-9]*\b|\(grandchild #[0-9]+ failed with exit status [1-9]|"
               r"^[ \t]*\* status: crashed\b", 0.8, "supervisors reporting a dead child (round 12)"),
            # round 12, a server's own crash announcement (PocketMine: "RakLib crashed!", "An unrecoverable error has
            # occurred and the server has crashed. Creating a crash dump"; Minecraft's "This crash report has been saved
            # to"), Go's runtime throw "fatal: morestack on g0"
            _r(r"\b[A-Z][A-Za-z0-9]+ crashed!|\bthe server has crashed\b|\bCreating a crash (?:dump|report)\b|"
               r"\bfatal: morestack on g0\b", 0.8, "a server's own crash announcement"),
            # round 12 (B), systemctl status's Main PID line with a failing exit or a fatal signal ("Main PID: 6433
            # (code=exited, status=1/FAILURE)", "(code=killed, signal=ABRT)"); 0/SUCCESS, 143 and TERM are not matched
            # (the Process: line of an Exec command is above), and a supervisor's crash loop (OpenWrt's procd: "Instance
            # rpcbind::instance1 s in a crash loop 6 crashes")
            _r(r"\bMain PID: [0-9]+(?: \([^)\n]*\))? \(code=(?:exited, status=(?:[1-9][0-9]?|1[0-35-9][0-9]|14[0-24-9]|"
               r"[2-9][0-9][0-9])[/)]|killed, signal=(?:SEGV|ABRT|BUS|ILL|FPE|SYS|KILL)"
               r"\))", 0.8, "systemctl status Main PID",
               caseless=False),
            _r(r"\bin a crash ?loop\b", 0.8, "a supervisor's crash loop (procd)"),
            # round 13, a storage engine's replica process reported dead by its manager (Longhorn: "Instance
            # beets-config-r-13a54df6 crashed on Instance Manager ...", "instance X state is error, error message exit
            # status 1"), logged at warning
            _r(r"\b[Ii]nstance [^ \n]+ crashed on\b|\b[Ii]nstance [^ \n]+ state is error, error message exit status "
               r"[1-9]", 0.8, "Longhorn instance manager", any_level=True),
            # round 13, a runtime's own panic banner (Deno: "Deno has panicked. This is a bug in Deno.")
            _r(r"\b[A-Z][a-z]+ has panicked\b", 0.85, "a runtime's panic banner (Deno)", caseless=False),
            # round 13, Ceph's fatal signal handler ("*** Caught signal (Aborted) **", "*** Caught signal (Segmentation
            # fault) **")
            _r(r"\*\*\* Caught signal \([A-Za-z ]+\) \*\*", 0.85, "Ceph daemons' fatal signal handler"),
            # round 14, a manager or server ending on its own fatal error: Patroni ("patroni.exceptions.
            # PatroniFatalException: 'Failed to bootstrap cluster'"), ZooKeeper ("Unable to start AdminServer, exiting
            # abnormally"), a test cluster's node ("~~~ node 1 CRASHED ~~~"), VictoriaMetrics's panic level
            # ("\tpanic\tlib/fs/fs_unix.go:50\tFATAL: ...", "#011panic#011" in syslog), an Erlang event handler
            # ("** gen_event handler rabbit_alarm crashed.")
            _r(r"\bpatroni\.exceptions\.Patroni(?:Fatal)?Exception: |\bexiting abnormally\b|\bnode [0-9]+ CRASHED\b|"
               r"(?:\t|#011)panic(?:\t|#011)[^\n]{0,200}FATAL: |\*\* gen_event handler [^ \n]+ crashed\b", 0.8,
               "Patroni, ZooKeeper, VictoriaMetrics, Erlang event handlers", caseless=False),
            # round 14 (B), SonarQube's launcher reporting a child's failing exit ("Process exited with exit value [es]:
            # 1"; 78 is EX_CONFIG, config_error)
            _r(r"\bProcess exited with exit value \[[a-z]+\]: [1-9][0-9]*\b", 0.8, "SonarQube launcher",
               caseless=False),
            # round 15, a training or serving job's process reported dead by what runs it: torchelastic ("failed
            # (exitcode: -6) local_rank: 0 (pid: 2019) of binary: /usr/bin/python"), Ray ("Raylet is terminated: ...
            # Termination is unexpected."), Ollama ("error starting llama runner: llama runner process has terminated"),
            # TorchServe ("Load model failed: resnet, error: Worker died."), PyTorch's DataLoader ("DataLoader worker
            # (pid 4161) is killed by signal: Killed."), Heroku's router ("heroku[web.1]: Process exited with status 1")
            _r(r"\bfailed \(exitcode: -?[1-9][0-9]*\) local_rank: |\bRaylet is terminated: [^\n]{0,200}Termination is "
               r"unexpected\b|\bllama runner process has terminated\b|\berror: Worker died\b|\bDataLoader worker \(pid "
               r"[0-9]+\) is killed by signal: Killed\b|\bheroku\[[a-z0-9.]+\]: Process exited with status [1-9]", 0.8,
               "what runs a training or serving process (torchelastic, Ray, Ollama, TorchServe, Heroku)"),
            # round 15 (B), a shell's report of a job it ran that was killed ("./entrypoint.sh: line 28:     7 Killed
            #   LD_LIBRARY_PATH=... /app/bin/scalellm ...")
            _r(r": line [0-9]+: +[0-9]+ (?:Killed|Illegal instruction|Segmentation fault|Bus error|Aborted) +[^ \n]",
               0.8, "a shell's killed job", caseless=False),
            # round 16, a supervised process that ended with an error: Emissary's dlib group ('msg=" /envoy : exited
            # with error"', logged at info), SPIRE's agent ('msg="agent crashed"')
            _r(r"msg=\" ?/[^ \n\"]+ : exited with error\"|\bmsg=\"agent crashed\"", 0.8, "Emissary's dlib, SPIRE",
               any_level=True),
            # round 16 (B), Samba's parent reporting its child daemon's death ("winbindd daemon died with exit status
            # 255")
            _r(r"\b[a-z]+ daemon died with exit status [1-9][0-9]*\b", 0.8, "Samba's child daemons", caseless=False),
            # round 17, coderd's embedded PostgreSQL child exiting ('postgres exited {"error": "exit status 1"}')
            _r(r"\bpostgres exited \{\"error\": \"exit status [1-9][0-9]*\"\}", 0.8, "coderd's embedded PostgreSQL",
               caseless=False),
            # round 17 (B), the GitHub Actions runner's service wrapper reporting its listener's exit ("Runner listener
            # exited with error code 2"), QEMU's user-mode emulator crashing under binfmt ("aarch64-binfmt-P: QEMU
            # internal SIGSEGV {code=MAPERR, addr=0x20}")
            _r(r"\bRunner listener exited with error code [1-9][0-9]*\b|\bQEMU internal SIG(?:SEGV|BUS|ILL|ABRT)\b",
               0.8, "the Actions runner's wrapper, QEMU user mode", caseless=False),
            # round 18, a hypervisor or container hook that died: QEMU killed at launch ("Unable to launch qemu: signal:
            # killed"), an LXC hook script's failed exit ("run_buffer: 335 Script exited with status 25")
            _r(r"\bUnable to launch qemu: signal: killed\b|\brun_buffer:? ?[0-9]+ (?:- )?Script exited with status "
               r"[1-9][0-9]*\b", 0.8, "Kata/QEMU, LXC hooks"),
            # round 18 (B), systemd's record of a service that dumped core ("Process: 868 ExecStart=/usr/sbin/libvirtd
            # (code=dumped, signal=SEGV)", "Main PID: 868 (code=dumped, signal=SEGV)")
            _r(r"\(code=dumped, signal=[A-Z]+\)", 0.8, "systemd: a core dump", caseless=False),
            # round 19, freshclam's test load of a new database killed ("ERROR: Database load killed by signal 9")
            _r(r"\bDatabase load killed by signal [0-9]+\b", 0.8, "freshclam", caseless=False),
            # round 19 (B), a process that died in C: the kernel's trap record ("traps: freeswitch[92647] trap divide
            # error ip:..."), glibc's assert ("freeswitch: nta.c:8944: _nta_outgoing_timer: Assertion `...' failed."),
            # Dovecot's ("Panic: file auth-master.c: line 439 (auth_master_unset_io): assertion failed: ..."),
            # OpenSMTPD's children ("lost child: queue exited abnormally", "fatal: mta_response() bad state: ...",
            # and a child's pipe to its dead parent: "control[32227]: fatal: imsg_read: Connection reset by peer",
            # "fatal: msgbuf_write: Broken pipe", above the connection patterns)
            # (round 43: the same record without its "traps: " prefix, "node[3526828] trap invalid opcode ip:...")
            _r(r"\btraps: [^ \n]+\[[0-9]+\] trap (?:divide error|invalid opcode|stack segment|int3)\b|"
               r"\[[0-9]+\] trap (?:divide error|invalid opcode|stack segment|int3) ip:[0-9a-f]+ sp:[0-9a-f]+ |"
               r"\.c:[0-9]+: "
               r"[A-Za-z_0-9]+: Assertion `[^\n]+' failed\.|\bPanic: file [^ \n:]+\.c: line [0-9]+ \([A-Za-z_0-9]+\): "
               r"assertion failed\b|\blost child: [a-z ]+ exited abnormally\b|\bfatal: [a-z_]+\(\) bad state\b", 0.8,
               "the kernel's traps, glibc and Dovecot asserts, OpenSMTPD", caseless=False),
            _r(r"\bfatal: (?:imsg_read|imsg_flush|msgbuf_write): (?:Connection reset by peer|Broken pipe)\b", 0.8,
               "OpenSMTPD's imsg pipes", caseless=False, priority=65),
            # round 20, HPC tasks and daemons that died: srun's task report ("srun: error: node1: task 289: Bus error"),
            # coreutils' timeout ("timeout: the monitored command dumped core") and the shell's "Aborted" alone on its
            # line, Ceph's assert ("ImageReplayer.cc: 316: FAILED assert(...)"), Open MPI's ("mpirun noticed that
            # process rank 0 with PID 21183 on node host01 exited on signal 9 (Killed)."), MPICH's Hydra exit code of a
            # signal ("=   EXIT CODE: 139"; 15 is an orderly stop, and the BAD TERMINATION banner above it says nothing
            # alone)
            _r(r"\bsrun: error: [^ \n:]+: tasks? [0-9,-]+: (?:Bus error|Segmentation fault)\b|^timeout: the monitored c"
               r"ommand dumped core$|^Aborted(?: \(core dumped\))?$|\.cc: [0-9]+: FAILED (?:ceph_)?assert\(|\bmpirun no"
               r"ticed that process rank [0-9]+ with PID [0-9]+ on node [^ \n]+ exited on signal [0-9]+\b|^=   EXIT COD"
               r"E: (?:6|9|11|134|137|139)$", 0.8, "srun, timeout, the shell, Ceph, Open MPI, Hydra", caseless=False),
            # round 20 (B), Open MPI's signal handler ("[vegas11:27048] *** Process received signal ***")
            _r(r"\] \*\*\* Process received signal \*\*\*$", 0.8, "Open MPI", caseless=False),
            # round 21, a Home Assistant add-on's service that failed under s6 ("INFO: Service Node-RED exited with code
            # 1 (by signal 0)", logged at INFO, above Compose's container exit; "(by signal 15)" is a stop; round 45:
            # unnamed and killed by a fatal signal, "INFO: Service exited with code 256 (by signal 4)"), Frigate's
            # ffmpeg ("FFMPEG process crashed unexpectedly for voordeur.")
            _r(r"\bService (?:[^ \n]+ )?exited with code [1-9][0-9]* \(by signal (?:0|4|6|7|8|9|11)\)|"
               r"\bFFMPEG process crashed "
               r"unexpectedly\b", 0.8, "Home Assistant add-ons (s6), Frigate", any_level=True, priority=45),
            # round 21 (B), s6's record of a command that died ("[cmd] python3 exited 262"), the kernel audit's record
            # of an abnormal end ("audit: type=1701 audit(...): ... comm=\"genie-client\" ... sig=5")
            # (round 45: journald's form, "audit[1799253]: ANOM_ABEND auid=... sig=4 res=1")
            _r(r"^\[cmd\] [^ \n]+ exited [1-9][0-9]*$|\btype=(?:1701|ANOM_ABEND) (?:msg=)?audit\([0-9.:]+\):[^\n]* "
               r"sig=[0-9]+\b|\baudit\[[0-9]+\]: ANOM_ABEND [^\n]* sig=[0-9]+\b", 0.8,
               "s6, the kernel audit (ANOM_ABEND)", any_level=True),
            # round 22, s6's own crash path ("s6-svscan: warning: executing into .s6-svscan/crash"), the shell's "Bus
            # error" alone on its line (round 48: and "Trace/breakpoint trap"; round 54: "Illegal instruction"), mono's
            # assertions ("* Assertion: should not be reached at sgen-scan-object.h:90")
            _r(r"\bexecuting into \.s6-svscan/crash\b|"
               r"^(?:Bus error|Trace/breakpoint trap|Illegal instruction)(?: \(core dumped\))?$|"
               r"^\* Assertion(?::| at) [^\n]*"
               r"(?:should not be reached|not met)\b", 0.8, "s6, the shell, mono", any_level=True),
            # round 22 (B), more crashes: qBittorrent's handler ("Caught signal: SIGSEGV"), Plex's ("****** PLEX MEDIA
            # SERVER CRASHED, CRASH REPORT WRITTEN: ..."), baseimage-docker's my_init ("*** /scripts/start.py exited
            # with status 1."; its "*** /etc/my_init.d/x failed with status 1" is none in round 16), mono's ("Got a
            # SIGABRT while executing native code. This usually indicates ...", hinted: its own explanation follows)
            _r(r"\bCaught signal: SIG(?:SEGV|ABRT|BUS|ILL|FPE)\b|\bPLEX MEDIA SERVER CRASHED, CRASH REPORT WRITTEN\b|"
               r"^(?:[^ \n|]+ +\| )?\*\*\* /[^ \n]+ exited with status [1-9][0-9]*\b|\bGot a "
               r"SIG(?:ABRT|SEGV|BUS|ILL|FPE) while executing native code\b", 0.8,
               "qBittorrent, Plex, baseimage-docker, mono", caseless=False, hinted=True),
            # round 23, network daemons that died: FRR's crash handler ("ZEBRA: Received signal 11 at 1579599554
            # (si_addr 0x0, PC 0x7fa...); aborting..."), Snort's ("Snort (PID 39498) caught fatal signal: SIGABRT (6)"),
            # SONiC's process monitor ("supervisor-proc-exit-listener: Process 'kea-dhcp4' is not running in namespace
            # 'host'"), a panel's watch of its headscale ("headscale process is not running, restart it", at WARN)
            _r(r"\b[A-Z]+: Received signal (?:4|6|7|8|11) at [0-9]+ \(si_addr |\bcaught fatal signal: "
               r"SIG(?:ABRT|SEGV|BUS|ILL|FPE)\b|\bsupervisor-proc-exit-listener: Process '[^'\n]+' is not running in "
               r"namespace\b|\bprocess is not running, restart it\b", 0.8, "FRR, Snort, SONiC, headscale panels",
               any_level=True),
            # round 23 (B), zeekctl's and Headscale's own reports of a daemon that died ('Error: zeek terminated
            # immediately after starting; check output with "diag"', "FTL ... Headscale ran into an error and had to
            # shut down.")
            _r(r"\bterminated immediately after starting\b|\bran into an error and had to shut down\b", 0.8,
               "zeekctl, Headscale"),
            # round 25, crash reports of native daemons: a C assertion ("erigon: mdbx:10227: mdbx_page_touch: Assertion
            # `mp->mp_pgno != pgno' failed."; round 50: in straight quotes, SVT-AV1's), Nim's "[AssertionDefect]", Core
            # Lightning's "FATAL SIGNAL 6 RECEIVED", a media worker's death by signal ("mediasoup worker died!: { Error:
            # [pid:23445, code:null, signal:SIGABRT]"), supervisorctl's "ERROR (spawn error)", Wings' "A fatal error
            # caused the daemon to abort"
            _r(r": Assertion [`'][^`'\n]{1,200}' failed\.|\[AssertionDefect\]|\bFATAL SIGNAL [0-9]+ RECEIVED\b|"
               r"\bworker died!: \{ Error: \[pid:[0-9]+, code:[^,\n]*, signal:SIG[A-Z]+\]|: ERROR \(spawn error\)|"
               r"\bA fatal error caused the daemon to abort\b",
               0.8, "assert, Nim, Core Lightning, mediasoup, supervisorctl, Wings", caseless=False),
            # round 26, Windows crash reports (WER's "EventType=APPCRASH" / "Event Name: APPCRASH", .NET's
            # "Description: The process was terminated due to an unhandled exception." and "... due to an internal
            # error in the .NET Runtime", a debugger's "Unhandled exception at 0x77c4acfa in x.exe: 0xC0000005: Access
            # violation", German "Name der fehlerhaften Anwendung:" and the Service Control Manager's "wurde unerwartet
            # beendet"), SQL Server's "This program has encountered a fatal error and cannot continue running", MySQL's
            # "The server quit without updating PID file" (not mysqld_safe's "mysqld from pid file /x ended", also
            # printed when the server was stopped)
            _r(r"^Event(?:Type=| Name: )APPCRASH\b|\bThe process was terminated due to (?:an unhandled exception|an "
               r"internal error in the \.NET Runtime)\b|\bUnhandled exception at 0x[0-9a-fA-F]+ in [^ \n]+: "
               r"0xC0000005: Access violation\b|\bName der fehlerhaften Anwendung: [^ \n,]+, Version\b|\bwurde "
               r"unerwartet beendet\b|"
               r"\bThis program has encountered a fatal error and cannot continue running\b|\bThe server quit without "
               r"updating PID file\b", 0.8,
               "WER, .NET, SCM (de), SQL Server, MySQL", caseless=False),
            # round 26, browsers that died under automation (Chromium's crash handler: "Failed to write crash dump for
            # pid 1693", "Received signal 7 BUS_ADRERR 7f2afbcd6000", "Received signal 6"; ChromeDriver: "Chrome failed
            # to start: exited abnormally", "ChromeDriver is assuming that Chrome has crashed"; Playwright:
            # "browserType.launch: Browser closed."; "PhantomJS has crashed"; Firefox: "content process crashed and
            # MOZ_CRASHREPORTER_SHUTDOWN is set", "###!!! ABORT: Aborting on channel error"); not "Received signal 15",
            # the stop it was asked for
            _r(r"\bFailed to write crash dump for pid [0-9]+|^Received signal (?:4|6|7|8|11)(?: [A-Z_]+ [0-9a-f]+)?$|"
               r"\bChrome failed to start: exited abnormally\b|\bChromeDriver is assuming that Chrome has crashed\b|"
               r"\bbrowserType\.launch: Browser closed\b|\bPhantomJS has crashed\b|\bcontent process crashed and "
               r"MOZ_CRASHREPORTER_SHUTDOWN is set\b|###!!! ABORT: Aborting on channel error\b", 0.8,
               "Chromium, ChromeDriver, Playwright, PhantomJS, Firefox", caseless=False),
            # round 27, a supervisor's or hypervisor's report of a child that died (SSSD: "Child [2586699] ('nss':'nss')
            # exited with code [3]"; KubeVirt: "kubevirt domain status: Shutoff(5):Crashed(3)", at info; Proxmox VE's
            # own
            # task: "TASK ERROR: start failed: QEMU exited with code 1", above Compose's "exited with code" rule, while
            # a
            # tool that relays it, Packer's "Error starting VM: start failed: ...", keeps its reading)
            _r(r"\bChild \[[0-9]+\] \('[^'\n]+':'[^'\n]+'\) exited with code \[[1-9][0-9]*\]|\bdomain status: "
               r"Shutoff\([0-9]+\):Crashed\([0-9]+\)|^TASK ERROR: start failed: QEMU exited with code [1-9]", 0.8,
               "SSSD, KubeVirt, Proxmox VE", caseless=False, priority=45, any_level=True),
            # round 28, crash reports (Qdrant: "qdrant::startup: Panic occurred in file"; a segfault handler's "Crash!!!
            # Handling signal 11"; Node's cluster: "Worker died with exit code 1")
            _r(r"\bqdrant::startup: Panic occurred in file\b|\bCrash!!! Handling signal (?:4|6|7|8|11)\b|\bWorker died "
               r"with exit code [1-9]", 0.8, "Qdrant, a signal handler, Node's cluster", caseless=False),
            # round 29, native crash reports of databases (glog's fatal check: "F0621 23:34:36.080689 27815
            # log_index.cc:206] Check failed: ...", YugabyteDB's "F20190807 18:39:44 ../x.cc:4396] Check failed:" and
            # "Fatal failure details written to"; glog's signal handler: "*** SIGSEGV (@0x0) received by PID 21386";
            # RethinkDB's "Guarantee failed: ["; Erlang's "Crash dump was written to: erl_crash.dump"; Ubuntu's apport
            # "called for pid 3790, signal 6"; illumos SMF's "Stopping because all processes in service exited.")
            _r(r"(?:^|\]: )F[0-9]{4}(?:[0-9]{4})? [0-9:.]+ [^\]\n]{1,200}\] Check failed: |"
               r"\bFatal failure details written to /|"
               r"^\*\*\* SIG(?:SEGV|ABRT|BUS|FPE|ILL) \(@0x[0-9a-f]+\) received by PID [0-9]+|"
               r"\bGuarantee failed: \[|\bCrash dump was written to: erl_crash\.dump\b|"
               r"\bapport \(pid [0-9]+\) [^\n]{1,80}called for pid [0-9]+, signal (?:4|6|7|8|11)\b|"
               r"\bStopping because all processes in service exited\b", 0.8,
               "glog, YugabyteDB, RethinkDB, Erlang, apport, SMF", caseless=False),
            # round 30, Varnish's manager reporting its child's death and panic ("Child (4245) died signal=6", "Child
            # (4245) Panic at: Thu, ...", "Child (16735) Last panic at:", "Child (41061) not responding to CLI, killed
            # it.", the panic's "Assert error in VBT_Recycle(), cache/cache_backend_tcp.c line 259:", "Wrong turn at
            # ../cache/cache_lck.c:314:" and "Condition(...) not true."); Squid's helpers: "The /usr/lib/squid/x helpers
            # are crashing too rapidly, need help!"; Traffic Server's manager losing its server:
            # "[ProcessManager::processSignalQueue] Error writing message!"
            _r(r"\bChild \([0-9]+\) (?:died signal=[0-9]+|(?:Last )?[Pp]anic at: |not responding to CLI, killed it)|"
               r"\bAssert error in [A-Za-z_0-9]+\(\), [^ \n]+ line [0-9]+:|\bWrong turn at [^ \n]+:[0-9]+:|"
               r"(?:^|\|) *Condition\([^\n]+\) not true\.$|\bhelpers are crashing too rapidly, need help\b|"
               r"\[ProcessManager::processSignalQueue\] Error writing message\b", 0.8,
               "Varnish, Squid, Traffic Server", caseless=False, any_level=True),
            # round 31, supervisors reporting a start that died: supervisord's status table ("kea-dhcp4 FATAL Exited too
            # quickly (process log may have details)"), illumos SMF ('Method "start" exited with status 96.'); a shell's
            # bare "Killed" line (the corpus's reading since round 9)
            _r(r"\bFATAL +Exited too quickly \(process log may have details\)|\bMethod \"start\" exited with status "
               r"[1-9][0-9]*\b|^Killed$", 0.8, "supervisord, SMF, a shell", caseless=False, any_level=True),
            # round 32, native crash reports of storage and proxy servers: Ceph's "x.cc: 1152: ceph_abort_msg(", GLib's
            # assertion ("ERROR:lib/x.c:76:f: assertion failed: (a >= b)", "Bail out! ERROR:..."), MaxScale's "received
            # fatal signal 11", ProxySQL's angel process ("ProxySQL crashed. Restarting!"), EMQX's "emqx exit
            # abnormally", monit's "'maxscale' process is not running"
            _r(r"\.cc: [0-9]+: ceph_abort_msg\(|"
               r"(?:^|Bail out! )ERROR:[^ \n:]+:[0-9]+:[A-Za-z_0-9]+: assertion failed: |"
               r"\breceived fatal signal (?:4|6|7|8|11)\b|\bcrashed\. Restarting!|\bemqx exit abnormally\b|"
               r"^'[A-Za-z0-9_.-]+' process is not running$", 0.8,
               "Ceph, GLib, MaxScale, ProxySQL, EMQX, monit", caseless=False, any_level=True),
            # round 33, a parent reporting its worker's death: PHP-FPM ("[pool www] child 8 exited with code 11 after
            # 664.26 seconds from start", "child 24227 exited on signal 9 (SIGKILL)"; above the container exit rule that
            # reads "exited with code"), Celery ("Process 'ForkPoolWorker-7' pid:7551 exited with 'signal 9 (SIGKILL)'",
            # "WorkerLostError('Worker exited prematurely: signal 9"); not a child stopped by SIGTERM; TigerVNC's
            # vncsession ("vncserver exited with status=71"); native crash reports: Xorg's "(EE) Caught signal 6
            # (Aborted). Server aborting", strongSwan's "[DMN] killing ourself, received critical signal" and "[DMN]
            # thread 5 received 4", Libreswan's "ABORT: ASSERTION FAILED:", jsvc's "Service exit with a return value of
            # 1"
            _r(r"\[pool [^\]\n]+\] child [0-9]+ exited (?:on signal (?:4|6|7|8|9|11) |with code [1-9][0-9]*\b)|"
               r"\bProcess '[A-Za-z]+PoolWorker-[0-9]+' pid:[0-9]+ exited with 'signal [0-9]+|"
               r"\bWorker exited prematurely: signal [0-9]+|\bvncsession: vncserver exited with status=[1-9]", 0.8,
               "PHP-FPM, Celery, TigerVNC", caseless=False, any_level=True, priority=45),
            _r(r"\(EE\) Caught signal (?:4|6|7|8|11) \([A-Za-z ]+\)\. Server aborting\b|"
               r"\[DMN\] killing ourself, received critical signal\b|\[DMN\] thread [0-9]+ received (?:4|6|7|8|11)$|"
               r"\bABORT: ASSERTION FAILED: |^Service exit with a return value of [1-9]", 0.8,
               "Xorg, strongSwan, Libreswan, jsvc", caseless=False, any_level=True),
            # round 34, platforms reporting a process they ran that died: Heroku's "State changed from up to crashed"
            # (not "from starting to crashed" after a boot timeout), ZooKeeper's "Severe unrecoverable error, exiting"
            _r(r"\bState changed from up to crashed\b|\bSevere unrecoverable error, exiting\b", 0.8,
               "Heroku, ZooKeeper", caseless=False, any_level=True),
            # round 35, a progress line ended by the kernel's kill ("Relation(0 0.0/s)Killed"), mod_fcgid's "process
            # /usr/lib/cgi-bin/x.fcgi(614564) exit(shutting down), get unexpected signal"
            _r(r"\)Killed$|\bmod_fcgid: process [^ \n]+ exit\([^)\n]*\), get unexpected signal\b", 0.8,
               "osm2pgsql, mod_fcgid", caseless=False, any_level=True),
            # round 36, a server's worker or runtime dying: actix's "Worker has died 13, restarting", LMDB's "Assertion
            # 'rc == 0' failed in mdb_", the .NET runtime's "Fatal error. Internal CLR error. (0x80131506)"; not
            # "process exited with exit code 1" alone (a child's exit, none in rounds 5, 7 and 9)
            _r(r"\bWorker has died [0-9]+, restarting\b|: Assertion '[^'\n]+' failed in mdb_|"
               r"\bFatal error\. Internal CLR error\. \(0x[0-9A-F]+\)", 0.8, "actix, LMDB, .NET runtime",
               caseless=False, any_level=True),
            # round 37, Liquidsoap's scheduler queue dying ("Queue generic queue #2 crashed with exception Invalid
            # argument in select()")
            _r(r"\bQueue [a-z -]+ queue #[0-9]+ crashed with exception\b", 0.8, "Liquidsoap", caseless=False,
               any_level=True),
            # round 38, a service's or task's process dying as its supervisor reports it: systemd's "Job for x.service
            # failed because a fatal signal was delivered causing the control process to dump core.", systemd-coredump's
            # "Process 2817 (thermald) dumped core.", SMF's "failed repeatedly: transitioned to maintenance" and
            # "Stopping because process dumped core.", supervisord's "x: ERROR (abnormal termination)" and "BACKOFF
            # Exited too quickly", Nextflow's "Process `x` terminated with an error exit status (137)" (not its "NOTE:
            # ... -- Execution is retried", none)
            _r(r"\bfailed because a fatal signal was delivered causing the control process to dump core\b|"
               r"\bsystemd-coredump\[[0-9]+\]: Process [0-9]+ \([^)\n]+\) dumped core\b|"
               r"\bfailed repeatedly: transitioned to maintenance\b|\bStopping because process dumped core\.|"
               r": ERROR \(abnormal termination\)|\bBACKOFF +Exited too quickly\b|"
               r"(?:ProcessFailedException\]: |^ +)Process `[^`\n]+` terminated with an error exit status \(137\)", 0.8,
               "systemd, SMF, supervisord, Nextflow", caseless=False, any_level=True),
            # round 39, a server or worker dying as it or its unit reports it: systemd's "Process: 41792 ExecStart=/x
            # (code=killed, signal=ABRT)", Celery's "CRITICAL/MainProcess] Unrecoverable error:", unoconv's "Office
            # probably died.", MeshCentral's "MeshCentral failed with critical error, check mesherrors.txt"
            _r(r"\bProcess: [0-9]+ ExecStart=[^\n]*\(code=killed, signal=(?:ABRT|SEGV|BUS|ILL|FPE)\)|"
               r"CRITICAL/MainProcess\] Unrecoverable error: |\bOffice probably died\b|"
               r"\bMeshCentral failed with critical error\b", 0.8, "systemd, Celery, unoconv, MeshCentral",
               caseless=False, any_level=True),
            # round 40, capture and recording processes dying as their supervisor reports it: ZoneMinder's zmdc ("['zmc
            # -m 2' exited abnormally, exit status 255]", "['zmc -m 3' crashed, signal 6]"), Viseron's "FFmpeg process
            # has exited" and its watchdog's "Process x_segments has exited, restarting"
            _r(r"' exited abnormally, exit status [0-9]+|' crashed, signal [0-9]+|\bFFmpeg process has exited\b|"
               r"\bsubprocess_watchdog *\] - Process [^ \n]+ has exited, restarting\b", 0.8, "ZoneMinder, Viseron",
               caseless=False, any_level=True),
            # round 41, workers dying as their supervisor reports it: supervisord's "exited: x (terminated by SIGKILL;
            # not expected)" (not SIGTERM, a container stopping, none in round 25), FreeScout's s6 guard "POTENTIAL
            # RUNWAY DETECTECTED: Disabling x service because it has tried restarting"
            _r(r"\bexited: [^ \n]+ \(terminated by SIG(?:KILL|SEGV|ABRT|BUS|ILL|FPE); not expected\)|"
               r"\bPOTENTIAL RUNWAY DETECT", 0.8, "supervisord, FreeScout", caseless=False, any_level=True),
            # round 42, SQL Server's crash handler ("Capturing core dump and information to /var/opt/mssql/log...",
            # "PROCESS_FAULT_FLAGS_UNHANDLED_EXCEPTION: The process [sqlservr.exe ] has encountered an unhandled
            # exception.")
            _r(r"\bCapturing core dump and information to /|\bPROCESS_FAULT_FLAGS_UNHANDLED_EXCEPTION\b", 0.8,
               "SQL Server", caseless=False, any_level=True),
            # round 43, Homarr's supervisor restarting the Next.js server it runs ("[homarr] Next.js exited with code 1,
            # restarting in 1s..."): the process, not the container, exited (above Compose's "exited with code")
            _r(r"\] Next\.js exited with code [1-9][0-9]*, restarting in\b", 0.8, "Homarr", caseless=False,
               priority=45, any_level=True),
            # round 44, a launcher or supervisor reporting its child's exit: InvokeAI's launcher ("Invoke process exited
            # with code 1"), grist-omnibus ("[grist-omnibus] grist failed: exited with 1") (above Compose's "exited with
            # code")
            _r(r"\bInvoke process exited with code [1-9]|\[grist-omnibus\] [a-z]+ failed: exited with [1-9]", 0.8,
               "InvokeAI, grist-omnibus", caseless=False, priority=45, any_level=True),
            # round 45, a process that died of a signal, as voice, network-monitoring and fediverse servers report it:
            # "error: Uncaught SIGSEGV (SEGV_MAPERR) at 0x328 on x pid 1", Oxidized's "Oxidized crashed, crashfile
            # written in /x", Cacti's spine ("FATAL: Spine Encountered An Unhandled Exception Signal Number: '6'"), old
            # MongoDB's "SEVERE: Invalid access at address: 0x..." and "SEVERE: Got signal: 7 (Bus error).", the UniFi
            # launcher's "Mongo start up failed with rc=134" (128 + a fatal signal), Go's "SIGILL: illegal instruction"
            _r(r"\bUncaught SIGSEGV \(SEGV_[A-Z]+\) at 0x|\b[Cc]rashed, crashfile written in /|"
               r"\bEncountered An Unhandled Exception Signal Number: '(?:4|6|7|8|11)'|"
               r"\bSEVERE: Invalid access at address: 0x|"
               r"\bSEVERE: Got signal: [0-9]+ \((?:Bus error|Segmentation fault|Illegal instruction|Aborted)\)|"
               r"\bMongo start up failed with rc=13[2-9]\b|\bSIGILL: illegal instruction\b", 0.8,
               "CTranslate2 hosts, Oxidized, Cacti spine, MongoDB, UniFi, Go", caseless=False, any_level=True),
            # round 46, ROS 2 launch's line for a node killed by its own abort ("[move_group-4] Aborted (Signal sent by
            # tkill() 5763 1000)")
            _r(r"\bAborted \(Signal sent by tkill\(\) [0-9]+ [0-9]+\)", 0.8, "ROS 2 launch", caseless=False,
               any_level=True),
            # round 47, a launcher reporting its child's death: Wolf's "[PROCESS] Terminated with status code: 11",
            # NZBHydra2's wrapper ("Main process shut down unexpectedly."), Notifiarr's "Go Panic! This is a bug"
            _r(r"\[PROCESS\] Terminated with status code: (?:4|6|7|8|11|13[2-9])\b|"
               r"\bMain process shut down unexpectedly\b|\bGo Panic! This is a bug\b", 0.8,
               "Wolf, NZBHydra2, Notifiarr", caseless=False, any_level=True),
            # round 48, a process that died: Go on Windows ("[signal 0xc0000005 code=0x0 addr=0x0 pc=0x5aba60]"),
            # Screenly's viewer ("SignalException_9:", "Viewer crashed.")
            _r(r"\[signal 0xc0000005 code=0x[0-9a-f]+ addr=0x[0-9a-f]+ pc=0x[0-9a-f]+\]|"
               r"\bSignalException_(?:4|6|7|8|9|11):|\bViewer crashed\.", 0.8, "Go on Windows, Screenly",
               caseless=False, any_level=True),
            # round 49, a process that died: V8's fatal banner ("# Fatal error in , line 0"), CUPS's "Scheduler shutting
            # down due to program error.", the French shell's "Erreur de segmentation"
            _r(r"^# Fatal error in [^\n]*, line [0-9]+$|\bScheduler shutting down due to program error\b|"
               r"(?:^|: )Erreur de segmentation\b", 0.8, "V8, CUPS, the shell in French", caseless=False,
               any_level=True),
            # round 50, a firmware or an encoder that died: an ESP32's "Guru Meditation Error: Core  1 panic'ed
            # (LoadProhibited)" and "abort() was called at PC 0x4011812c on core 0", an ESP8266's "Exception (28):",
            # Av1an's "encoder crashed: signal: 9 (SIGKILL)" and "encoder failed 3 times, shutting down worker", a
            # Windows access violation as an exit code ("ffmpeg encode exit code -1073741819", 0xC0000005)
            _r(r"\bGuru Meditation Error: Core +[0-9] panic'ed\b|"
               r"\babort\(\) was called at PC 0x[0-9a-f]+ on core [0-9]\b|^Exception \([0-9]+\):$|"
               r"\bencoder crashed: signal: [0-9]+ \(SIG[A-Z]+\)|\bencoder failed [0-9]+ times, shutting down worker\b|"
               r"\bexit code -1073741819\b", 0.8, "ESP32, ESP8266, Av1an, Windows", caseless=False, any_level=True),
            # round 51, a loader or an audio node that died: Meltano's "Loading failed code=-9" (killed by a signal),
            # Red-DiscordBot's "Lavalink jar shutdown, restarting."
            _r(r"\b(?:Loading|Extraction) failed +code=-(?:4|6|7|8|9|11)\b|\bLavalink jar shutdown, restarting\b", 0.8,
               "Meltano, Red-DiscordBot", caseless=False, any_level=True),
            # round 52, Verdaccio's own crash report (" fatal--- uncaught exception, please report this")
            _r(r"\bfatal-{2,3} uncaught exception, please report this\b", 0.8, "Verdaccio", caseless=False,
               any_level=True),
            # round 53, a proxy or a search daemon that died: Envoy's "std::terminate called! (possible uncaught
            # exception, see trace)", Emissary's "AMBASSADOR: envoy exited with status 1", Manticore's watchdog ("main
            # process 2571265 exited cleanly (exit code 1), shutting down": not clean, its code says so)
            _r(r"\bstd::terminate called!|\bAMBASSADOR: envoy exited with status [1-9]|"
               r"\bwatchdog: main process [0-9]+ exited cleanly \(exit code [1-9][0-9]*\), shutting down\b", 0.8,
               "Envoy, Emissary, Manticore", caseless=False, any_level=True),
            # round 54, a shipper, bridge or media worker that died: Fluent Bit's "[engine] caught signal (SIGSEGV)",
            # Vector's "vector::topology: Unhandled error", Jitsi Videobridge's "An uncaught exception occurred in
            # thread=Thread[main,5,main]", mediasoup's "Worker (stderr) (ABORT)"
            _r(r"\[engine\] caught signal \(SIG(?:SEGV|ABRT|BUS|FPE|ILL)\)|\bvector::topology: Unhandled error\b|"
               r"\bAn uncaught exception occurred in thread=Thread\[main,|"
               r"\bmediasoup:ERROR:Worker \(stderr\) \(ABORT\)",
               0.8, "Fluent Bit, Vector, Jitsi Videobridge, mediasoup", caseless=False, any_level=True),
            # round 56, a backup tool, a download client or an inference server that crashed: Mono's "FATAL UNHANDLED
            # EXCEPTION: System.", qBittorrent's "Catching SIGSEGV, please report a bug at", lldb's "stop reason =
            # signal SIGABRT", text-generation-inference's "Shard process was signaled to shutdown with signal 4"
            # (SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGSEGV; not SIGTERM) and "Webserver Crashed", glibc's "free(): invalid
            # pointer", Ray's "Actor for replica X crashed" and "The actor died because of an error raised in its
            # creation task"
            _r(r"\bFATAL UNHANDLED EXCEPTION: System\.|\bCatching SIG(?:SEGV|ABRT|BUS|ILL|FPE), please report a bug\b|"
               r"\bstop reason = signal SIG(?:SEGV|ABRT|BUS|ILL|FPE)\b|"
               r"\bShard process was signaled to shutdown with signal (?:4|6|7|8|11)\b|"
               r"\btext_generation_launcher: Webserver Crashed\b|^(?:free|realloc|munmap_chunk)\(\): invalid pointer$|"
               r"\bActor for replica [^ \n]+ crashed\b|"
               r"\bThe actor died because of an error raised in its creation task\b", 0.8,
               "Mono, qBittorrent, lldb, text-generation-inference, glibc, Ray", caseless=False, any_level=True),
            # round 57, a panel daemon, a bridge or a mail daemon that died: Wings' "A fatal error caused the daemon to
            # stop abruptly", a game server's "Signal 11 caught.", Homebridge's "The child bridge ended unexpectedly"
            # and an uncaught assertion at the start of a line ("AssertionError [ERR_ASSERTION]: Accessories must be
            # created with a non-empty displayName."), ioBroker's "instance system.adapter.x terminated due to SIGABRT",
            # OpenSMTPD's "lost child: runner terminated; signal 11" and "smtpd: process ca socket closed",
            # supervisord's "postfix.service terminated abnormally with <ProcStatus exit_status=1>", spamd's "child
            # process [n] exited or timed out without signaling production of a PID file: exit 255"
            _r(r"\bA fatal error caused the daemon to stop abruptly\b|^Signal (?:4|6|7|8|11) caught\.$|"
               r"\bThe child bridge ended unexpectedly\b|^AssertionError \[ERR_ASSERTION\]: |"
               r"\binstance system\.adapter\.[^ \n]+ terminated due to SIG(?:ABRT|SEGV|BUS|ILL|FPE)\b|"
               r"\blost child: [a-z]+ terminated; signal (?:4|6|7|8|11)\b|"
               r"\bsmtpd(?:\[[0-9]+\])?: process [a-z]+ socket closed\b|"
               r"\bterminated abnormally with <ProcStatus exit_status=[1-9]|"
               r"\bexited or timed out without signaling production of a PID file: exit [1-9]", 0.8,
               "Wings, game servers, Homebridge, Node.js, ioBroker, OpenSMTPD, docker-mailserver, spamd",
               caseless=False, any_level=True),
            # round 58, an app server's worker or a printer host's loop that died: Granian's "[ERROR] Unexpected exit
            # from worker-1", Passenger's "The application process exited prematurely.", OctoPrint's "Something crashed
            # inside the serial connection loop"
            _r(r"\[ERROR\] Unexpected exit from worker-[0-9]+\b|\bThe application process exited prematurely\b|"
               r"\bSomething crashed inside the serial connection loop\b", 0.8, "Granian, Passenger, OctoPrint",
               caseless=False, any_level=True),
            # round 59, a database node, a Ray node or a training launcher that died: Galera's "This is unrecoverable
            # condition, restart required", Ray's "This node has beem marked as dead." (sic), DeepSpeed's "[ERROR]
            # [launch.py:434:sigkill_handler] [...]", torchrun's "ChildFailedError:" and "traceback : Signal 9 (SIGKILL)
            # received by PID", Determined's "agent crashed  address="
            _r(r"\bThis is unrecoverable condition, restart required\b|\bThis node has bee[nm] marked as dead\b|"
               r"\[ERROR\] \[launch\.py:[0-9]+:sigkill_handler\] \[|"
               r"\btorch\.distributed\.elastic\.multiprocessing\.errors\.ChildFailedError:|"
               r"\btraceback : Signal [0-9]+ \(SIG[A-Z]+\) received by PID\b|\] agent crashed +address=\"", 0.8,
               "Galera, Ray, DeepSpeed, torchrun, Determined", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="config_error",
        description="The configuration is invalid; a restart will not help, a human has to fix it.",
        formats=("nginx", "Apache", "PostgreSQL", "MySQL", "Redis", "systemd", "YAML/JSON/TOML", "Spring"),
        regexes=(
            _r(r"unknown directive \\?\"", 0.9, "nginx"),
            _r(r"\[emerg\][^\n]* in /[^ \n:]*:[0-9]", 0.85, "nginx, error at file:line"),
            # a configured file path that is a directory (at [emerg]: while loading the configuration; a request
            # for a directory logs it at [error])
            _r(r"\[emerg\][^\n]*\(21: Is a directory\)", 0.85, "nginx"),
            _r(r"configuration file [^\n]* test failed", 0.95, "nginx -t"),
            _r(r"invalid value for parameter", 0.9, "PostgreSQL"),
            _r(r"configuration file \\?\"[^\"\n]*\" contains errors", 0.95, "PostgreSQL"),
            _r(r"syntax error in file \\?\"[^\"\n]*\" line [0-9]", 0.85, "PostgreSQL"),
            _r(r"unrecognized configuration parameter", 0.85, "PostgreSQL"),
            _r(r"database files are incompatible\b", 0.9, "PostgreSQL version mismatch"),
            _r(r"password authentication failed for user", 0.6, "PostgreSQL credentials"),
            _r(r"\bunknown variable '", 0.9, "MySQL"),
            _r(r"\bunknown option '--", 0.85, "MySQL"),
            _r(r"found option without preceding group in config file", 0.9, "MySQL"),
            _r(r"FATAL CONFIG FILE ERROR", 0.95, "Redis", caseless=False),
            _r(r"Bad directive or wrong number of arguments", 0.9, "Redis", caseless=False),
            _r(r"syntax error on line [0-9]+ of ", 0.9, "Apache"),
            _r(r"invalid command '[^'\n]*', perhaps misspelled", 0.9, "Apache"),
            _r(r"unit configuration has fatal error", 0.95, "systemd"),
            _r(r"has a bad unit file setting", 0.9, "systemd"),
            _r(r"yaml\.(?:scanner\.ScannerError|parser\.ParserError|constructor\.ConstructorError|"
               r"composer\.ComposerError)", 0.75, "PyYAML", caseless=False),
            # YAML parsers' own messages (PyYAML, SnakeYAML, Psych, libyaml) wherever the caller prints them ("Init
            # failed: while scanning a simple key", "InvalidConfigurationException: while parsing a block mapping")
            _r(r"\bwhile (?:scanning|parsing) (?:a |an )?(?:simple key|block (?:mapping|collection|scalar)|flow "
               r"(?:mapping|sequence|node)|quoted scalar|plain scalar|directive|tag|anchor|alias|node)\b", 0.8,
               "YAML parser messages"),
            # systemd's exit statuses that name a unit setting it could not apply (User=, Group=, WorkingDirectory=,
            # scheduling (round 39's 214/SETSCHEDULER, refused in a container), namespaces, the *Directory= settings): a
            # restart does the same again; a unit's control process reports 217 and 226 by number alone too ("Control
            # process exited, code=exited status=226", rounds 38 and 41)
            _r(r"\bstatus=(?:200/CHDIR|214/SETSCHEDULER|216/GROUP|217/USER|218/CAPABILITIES|226/NAMESPACE|"
               r"233/RUNTIME_DIRECTORY|238/STATE_DIRECTORY|239/CACHE_DIRECTORY|240/LOGS_DIRECTORY|"
               r"241/CONFIGURATION_DIRECTORY)\b|\bcode=exited,? status=(?:217|226)\b", 0.8,
               "systemd: a unit setting that cannot be applied", caseless=False),
            _r(r"\byaml: line [0-9]+: (?:mapping values|did not find|could not find|found character|"
               r"found unexpected|block sequence|cannot unmarshal|control characters)", 0.8, "Go yaml"),
            _r(r"\b(?:error|failed|unable) (?:while )?(?:parsing|to parse|loading|to load|reading|to read|"
               r"decoding|to decode) (?:the )?(?:config|configuration|settings)\b", 0.85, "generic loaders"),
            _r(r"\b(?:invalid|malformed) (?:config|configuration)\b", 0.8),
            _r(r"(?:config|settings)[^\n]*JSONDecodeError", 0.75, "Python json config"),
            _r(r"JSONDecodeError[^\n]*(?:config|settings)", 0.75, "Python json config"),
            _r(r"\.json: Unexpected token", 0.85, "Node.js require(json)"),
            _r(r"\bTOMLDecodeError\b", 0.75, "Python tomllib", caseless=False),
            _r(r"failed to bind properties under '", 0.85, "Spring Boot"),
            _r(r"could not resolve placeholder '", 0.85, "Spring"),
            _r(r"\bunknown (?:configuration|config) (?:key|option|parameter|setting)", 0.8),
            _r(r"cannot assign requested address", 0.75, "EADDRNOTAVAIL: listen address not on this host",
               priority=106),
            _r(r"missing required (?:config|configuration|setting|environment variable)", 0.8),
            _r(r"adapting config using [a-z]", 0.8, "Caddy"),
            _r(r"\[ALERT\][^\n]*parsing \[[^]\n]*:[0-9]+\]", 0.85, "HAProxy"),
            _r(r"Additional property [^ \n]+ is not allowed", 0.85, "Docker Compose schema"),
            _r(r"Unknown key name '[^'\n]*' in section", 0.85, "systemd unit file", caseless=False),
            _r(r"Service has no ExecStart=", 0.9, "systemd unit file", caseless=False),
            _r(r"\[emerg\][^\n]*cannot load certificate", 0.85, "nginx TLS"),
            # A script saved with Windows line endings: bash shows a word ending in CR as $'...\r' ("$'\r': command
            # not found", "cd: $'dir\r': No such file or directory"), the kernel names "/bin/sh^M" as interpreter.
            # Nothing is missing; the file must be converted (above dependency_missing's "command not found").
            _r(r"\$'[^'\n]*\\r'", 0.85, "bash running a CRLF script", priority=101),
            # a dotted module path with an empty first part ('{}.wsgi' of an unset setting): no such module can
            # exist, a setting is empty
            _r(r"No module named '\.", 0.85, "Python: an empty module setting", caseless=False, priority=101),
            # the same for a path: an open of the empty path ("[Errno 2] No such file or directory: ''") is a path
            # setting left empty, nothing can be installed to fix it
            _r(r"No such file or directory: ''", 0.85, "an empty path setting", caseless=False, priority=101),
            # a daemon that cannot open the file its configuration names for its output because a directory on the
            # path does not exist (syslog-ng's "Error opening file for writing; filename='...', error='No such file or
            # directory (2)'"): the destination is configured wrong or its directory was never made
            _r(r"\b(?:[Ee]rror|[Ff]ailed|[Cc]annot|[Cc]ould not|[Uu]nable to) open(?:ing)? (?:the )?(?:log |output "
               r"|destination )?file(?: [^ \n]+)? for writing\b[^\n]{0,200}No such file or directory", 0.8,
               "a configured output file in a missing directory", caseless=False),
            # dockerd started with -H fd:// and no socket handed over by systemd (the socket unit is not enabled)
            _r(r"\bServeAPI error: No sockets found\b", 0.85, "dockerd -H fd:// without socket activation",
               caseless=False),
            # optparse/argparse refusing the command line: the service's arguments are wrong
            _r(r"(?:^|[ \t|])[A-Za-z0-9_.-]+: error: (?:no such option|unrecognized arguments): ", 0.8,
               "Python command-line parsers (gunicorn, CLI tools)", caseless=False),
            _r(r"\^M: bad interpreter", 0.85, "a CRLF shebang", priority=101),
            # The JVM rejecting its own options (from JAVA_OPTS / jvm.options): it does not start
            _r(r"\b(?:Unrecognized VM option '|Improperly specified VM option '|Invalid -X[A-Za-z]+ option\b|"
               r"Invalid (?:initial|maximum) heap size\b)", 0.85, "JVM options", caseless=False),
            _r(r"\bfatal errors? (?:found )?in (?:the )?config(?:uration)?\b", 0.85, "HAProxy, daemons"),
            # a config check's verdict and its parse errors: HAProxy ("[ALERT] ... : Error(s) found in configuration
            # file : /etc/haproxy/haproxy.cfg", and the indented "parsing [/etc/haproxy/haproxy.cfg:19]: ..." lines of a
            # multi-line alert; its "[WARNING] ... parsing [...]" lines are not indented), Squid ("FATAL: Bungled
            # squid.conf line 59: ..."); "No errors found in config file" is not matched
            _r(r"(?:^|[]:)|>-][ \t]*)Error(?:\(s\)|s)? found in (?:the )?config(?:uration)? file\b", 0.85,
               "a config check's verdict", caseless=False),
            _r(r"^[ \t]+parsing \[[^]\n]+:[0-9]+\]: ", 0.8, "HAProxy multi-line alert", caseless=False),
            _r(r"\bBungled [^ \n]+ line [0-9]+: ", 0.85, "Squid", caseless=False),
            # the sysexits code a program exits with when its configuration is wrong (EX_CONFIG, 78: supervisord's
            # "exited: php-fpm (exit status 78; not expected)", systemd's "status=78/CONFIG") round 11: upstart's "init:
            # php5-fpm main process (12528) terminated with status 78", "exited with status 78"; round 28: Compose's
            # "es01 exited with code 78" (at the end of the line) and systemd's "status=78/n/a"
            _r(r"\b(?:exit (?:status|code)|(?:terminated|exited|failed) with (?:exit )?status) 78\b|"
               r"\bexited with code 78$|\bstatus=78/|\bexit value (?:\[[^]\n]*\]: )?78\b", 0.8,
               "EX_CONFIG (78; SonarQube: 'Process exited with exit value [es]: 78', round 14)"),
            _r(r"\b(?:error|failed|unable) (?:loading|to load|reading|to read) (?:the )?(?:TLS |SSL |x509 )?"
               r"(?:certificate|private key|key pair)\b", 0.8, "servers whose TLS files are missing or bad"),
            # a daemon's settings error that names the setting or file: a listen socket of a family the host does not
            # have ("listen(::, 143) failed: Address family not supported by protocol", Dovecot; chronyd's optional
            # IPv6 command socket is not matched), a socket-activation port the daemon has no listener for, a lookup
            # table file that does not exist (Postfix "hash:/etc/postfix/virtual is unavailable. open database ...:
            # No such file or directory"), ISC's "loading configuration: file not found" / "configuring logging: ...",
            # a config file that cannot be opened
            _r(r"\b(?:listen|bind)\([^)\n]*\) failed: Address family not supported by protocol|\bsocket\(\) failed: "
               r"Address family not supported by protocol", 0.8, "listen socket of a family the host lacks"),
            _r(r"\blistens on port [0-9]+, but (?:it'?s|it is) not configured\b", 0.85, "socket activation mismatch"),
            _r(r"\bis unavailable\. open database [^\n]*: No such file or directory", 0.85, "Postfix lookup table"),
            # the same table file missing as its reader reports it ("error: open database /etc/postfix/transport.db: No
            # such file or directory", trivial-rewrite): the table was configured but never built
            _r(r"\berror: open database /[^ \n]*: No such file or directory", 0.8, "a configured lookup table missing"),
            _r(r"\b(?:loading configuration|configuring logging|parsing configuration)(?: from [^ \n]+)?: "
               r"(?:file not found|permission denied|syntax error|unexpected token|failure|not found)\b", 0.85,
               "ISC daemons (BIND, dhcpd)"),
            _r(r"\b[a-z_]*open '[^'\n]+' failed: file not found\b", 0.8, "ISC: a configured file's path missing"),
            _r(r"\b(?:unable to|cannot|could not|failed to) open (?:the )?(?:config|configuration) file "
               r"'?(?:[A-Za-z]:)?[/\\.~]", 0.85,
               "a config file that cannot be opened"),
            # a server refusing an agent it has no configuration for (Jenkins remoting "Unknown client name: x")
            _r(r"\bUnknown (?:client|agent|node) name: ", 0.8, "agent not configured on the server",
               caseless=False),
            # Go's net package refusing a listen address it cannot parse ("listen tcp: address tcp/41100: unknown port",
            # "missing port in address", "too many colons in address"): the address setting is wrong
            _r(r"\blisten (?:tcp|udp)[46]?: address [^\n]{0,80}: (?:unknown port|missing port in address|too many "
               r"colons in address|invalid port)\b", 0.85, "Go: a listen address that does not parse"),
            # an OCI runtime refusing a container's spec: an empty command ('exec: "": executable file not found in
            # $PATH', nothing can be installed to fix it) or a mount onto a path of the wrong kind ("error during
            # container init: mkdir /src: not a directory", "are you trying to mount a directory onto a file"); a
            # failure whatever level an orchestrator logs it at (Argo at info)
            _r(r"\bexec: \\?\"\\?\": executable file not found\b", 0.85, "an empty command setting", priority=101,
               any_level=True),
            _r(r"\berror during container init: [^\n]{0,200}(?:: not a directory\b|are you trying to mount a directory "
               r"onto a file)", 0.85, "a mount onto a path of the wrong kind", any_level=True),
            # round 11, a framework refusing to start because a setting it needs is unset: Spring Boot's failure
            # analysis ("Failed to configure a DataSource: 'url' attribute is not specified ...", "Reason: Failed to
            # determine a suitable driver class"), Rails ("Missing `secret_key_base` for 'production' environment"),
            # Laravel ("No application encryption key has been specified.")
            _r(r"\bFailed to configure a DataSource\b|\bFailed to determine a suitable driver class\b|\bMissing "
               r"`secret_key_base` for\b|\bNo application encryption key has been specified\b|\bUnable to determine "
               r"Dialect without JDBC metadata\b|\bDialectResolutionInfo cannot be null when 'hibernate\.dialect' "
               r"not set\b", 0.85, "a framework's start-up check of a setting (Spring Boot, Hibernate, Rails, Laravel)",
               caseless=False),
            # round 11, a server refusing the endpoints it is configured with (ASP.NET Core Kestrel: "Dynamic port
            # binding is not supported when binding to localhost", "Unable to configure HTTPS endpoint. No server
            # certificate was specified")
            _r(r"\bDynamic port binding is not supported when binding to localhost\b|\bUnable to configure HTTPS "
               r"endpoint\. No server certificate was specified\b", 0.85, "Kestrel endpoint settings", caseless=False),
            # round 11, a fatal-level line refusing a setting it names as deprecated, unknown or invalid (Gitea: "[F]
            # Deprecated fallback `[server]` `LFS_CONTENT_PATH` present."); a warning about a deprecated option is not
            _r(r"(?:\[F\]|\bFATAL:?|\bFatal:)[^\n]{0,40}\b(?:[Dd]eprecated|[Uu]nknown|[Ii]nvalid|[Uu]nsupported) "
               r"(?:fallback|setting|option|config(?:uration)? (?:key|option))\b", 0.8, "a fatal on a setting",
               caseless=False),
            # round 11, a start-up check naming a host setting below what the server needs (Elasticsearch's bootstrap
            # checks: "max virtual memory areas vm.max_map_count [65530] is too low, increase to at least [262144]")
            _r(r"\bis too low, increase to at least \[[0-9]+\]", 0.85, "a bootstrap check of a host setting"),
            # round 11, Compose waiting for a dependency's health that has no check defined ("dependency failed to
            # start: container db has no healthcheck configured"): the compose file, not the dependency
            _r(r"\bdependency failed to start: container [^ \n]+ has no healthcheck configured\b", 0.9,
               "Compose: depends_on service_healthy without a healthcheck"),
            # round 12, a binary for another CPU architecture (an image built for arm64 on amd64: runc's 'exec user
            # process caused "exec format error"', "exec /usr/bin/x: exec format error", the shell's "cannot execute
            # binary file: Exec format error"): the image or platform setting is wrong, nothing is missing
            _r(r"\bexec format error\b", 0.85, "ENOEXEC: a binary for another architecture", priority=101),
            # round 12, a listen address setting that does not parse (Syncthing: "FATAL: Bad listen address: too many
            # colons in address tcp://0.0.0.0:22000") and a server that finds none it can use (cupsd: "No valid Listen
            # or Port lines were found in the configuration file.")
            _r(r"\b(?:[Bb]ad|[Ii]nvalid|[Mm]alformed) listen(?:ing)? address\b|\bNo valid [A-Za-z ]{1,40} (?:lines|"
               r"directives|entries|settings) (?:were )?found in the config(?:uration)? file\b", 0.85,
               "a listen setting that does not parse"),
            # round 12, a directory the program must create at an empty path (Go's os.PathError: "mkdir : no such file
            # or directory", Loki's unset working directory): a directory setting left empty, like "No such file or
            # directory: ''" above (an open of an empty path may be an optional file list resolving to nothing)
            _r(r"\b(?:mkdir|mkdirall|chdir) : no such file or directory\b", 0.85, "an empty directory setting",
               priority=101),
            # round 12 (B), a TOML parser's error as Go's BurntSushi/toml prints it (Telegraf: "toml: line 5: parse
            # error"), and a shell refusing a script or a command line it was given ("/bin/sh: 1: Syntax error: EOF in
            # backquote substitution", "/usr/bin/telegraf: line 1: syntax error: unexpected word": a binary of another
            # architecture read as a script)
            _r(r"\btoml: line [0-9]+(?:, column [0-9]+)?: ", 0.8, "Go TOML parser"),
            _r(r"(?:: line [0-9]+|\bsh: [0-9]+): [Ss]yntax error\b", 0.8, "a shell's syntax error"),
            # round 12, the configuration file a tool was pointed at does not exist (wg-quick:
            # "`/etc/wireguard/wg0.conf' does not exist", "config file /etc/x.yaml does not exist")
            _r(r"\b[^ \n`'\"]+\.(?:conf|cfg|ini|ya?ml|toml|json|hcl)\\?['\"]? does not exist\b|\bconfig(?:uration)? fi"
               r"le "
               r"[^ \n]{1,200} does not exist\b", 0.8, "a configured file that does not exist"),
            # round 13, the cluster's API server refusing the process's service account (client-go's Forbidden: "failed
            # to acquire lease: the server does not allow access to the requested resource (put nodes ubuntu)", Flannel
            # without its RBAC rules): the role bindings are configuration; no file owner or mode to fix
            _r(r"\bthe server does not allow access to the requested resource\b", 0.8,
               "Kubernetes RBAC refusal of a component's service account"),
            # round 13, a TLS peer whose certificate does not fit how it is addressed or who signed it (metrics-server:
            # 'x509: cannot validate certificate for 10.0.0.25 because it doesn't contain any IP SANs', "x509:
            # certificate signed by unknown authority", "x509: certificate is valid for a, not b"): the certificates
            # or the address setting, not the network
            _r(r"\bx509: (?:cannot validate certificate for|certificate is valid for|certificate signed by unknown "
               r"authority|certificate has expired or is not yet valid|certificate relies on legacy Common Name)", 0.8,
               "x509 verification failure (certificates or addresses configured wrong)"),
            # round 13, a certificate or key file the configuration names that does not exist (Istio pilot: "failed to
            # create discovery service: open /etc/certs/cert-chain.pem: no such file or directory")
            _r(r"\bopen [^ \n]+\.(?:pem|crt|cert|key): no such file or directory\b", 0.8,
               "a configured certificate or key file missing"),
            # round 13, a cloud API refusing the role the process runs as (external-dns: "failed to list hosted
            # zones: AccessDenied: User: arn:aws:sts::...:assumed-role/x is not authorized to perform:
            # route53:ListHostedZones")
            _r(r"\bis not authorized to perform: [a-z0-9-]+:[A-Za-z]", 0.8, "AWS IAM refusal (the role's policy)"),
            # round 13, an endpoint setting that is not a host name (the OpenTelemetry SDK resolving a path as a host:
            # "dial tcp: lookup tcp/14268/api/traces: nodename nor servname provided"); a name with a slash never
            # resolves
            _r(r"\bdial tcp: lookup [^ \n:]*/[^ \n:]*: ", 0.8, "an endpoint setting that is no host name",
               priority=101),
            # round 13, a controller patching a webhook configuration that does not exist under the name it was given
            # (istiod: 'Patch webhook failed: mutatingwebhookconfigurations.admissionregistration.k8s.io "istiod" not
            # found')
            _r(r"\bPatch webhook failed: [a-z]+webhookconfigurations\.admissionregistration\.k8s\.io "
               r"\\?\"[^\"\n]+\\?\" not found\b", 0.8, "a webhook configuration name that does not exist"),
            # round 14, a library the server must preload (TimescaleDB: 'FATAL: extension "timescaledb" must be
            # preloaded', "HINT: Please preload the timescaledb library via shared_preload_libraries."), an actor
            # system addressed by another host name than it is bound to (Akka in Flink: "dropping message [...] for
            # non-local recipient [Actor[akka.tcp://flink@jobmanager-hs:6123/]]")
            _r(r"\bextension \\?\"[a-z_]+\\?\" must be preloaded\b|\bPlease preload the [a-z_]+ library via "
               r"shared_preload_libraries\b|\bdropping message \[[^]\n]+\] for non-local recipient\b", 0.85,
               "preload settings, Akka's bind host name"),
            # round 14 (B), a Cassandra client whose host filter rejected the only hosts it was given (gocql: "unable to
            # connect to initial hosts: host was filtered: 100.84.89.151")
            _r(r"\bunable to connect to initial hosts: host was filtered\b", 0.85, "gocql host filter"),
            # round 15, a model server whose model path does not hold the model (Triton: "unable to find
            # '/models/x/1/model.pt' for model instance"), a command-line flag given a value it does not take (clap in
            # Rust servers: "error: invalid value 'True' for '--disable-custom-kernels'"), DCGM asked for fields of a
            # module this GPU has not ("This request is serviced by a module of DCGM that is not currently loaded"), a
            # memory budget of 0 % (Dask: "exceeded 0% memory budget")
            _r(r"\bunable to find '[^'\n]+' for model instance\b|^error: invalid value '[^'\n]*' for '--[a-z-]+'|"
               r"\bThis request is serviced by a module of DCGM that is not currently loaded\b|\bexceeded 0% memory "
               r"budget\b",
               0.8, "model paths, flags, DCGM modules, Dask's budget setting"),
            # round 15 (B), a model server's base path with no model version in it (TensorFlow Serving: "No versions of
            # servable ssd found under base path /models/ssd"), logged at W
            _r(r"\bNo versions of servable [^ \n]+ found under base path\b", 0.8, "TensorFlow Serving model path",
               any_level=True),
            # round 16, gateways refusing their routes or files: Traefik's CRD provider ("kubernetes service not
            # found: default/s1", 'Unsupported match kind: . Only "Rule" is supported'), ingress controllers naming a
            # service that does not exist ("error getting service x/y from the cache: service x/y was not found") and
            # HAProxy's ("Proxy 'x': unable to find required default_backend: 'y'"), Nginx Proxy Manager's certificate
            # ("No certificate found with name npm-10 (expected /etc/letsencrypt/renewal/npm-10.conf)"), Tyk's policies
            # ("Couldn't unmarshal policy configuration from dir"), APISIX's plugins ("failed to load plugins: failed
            # to read plugin list from local file"), a TLS server with no certificate to present ("http: TLS handshake
            # error from ...: no certificate available"); cloudflared without ingress rules ("No ingress rules were
            # defined in provided config ... will return 503 for all incoming HTTP requests": hinted, its own words
            # say what follows)
            _r(r"\bkubernetes service not found: [^ \n]+/|\bUnsupported match kind: |\bfrom the cache: service "
               r"[^ \n]+ was not found\b|\bunable to find required default_backend: |\bNo certificate found with name "
               r"[^ \n]+ \(expected /|\bCouldn't unmarshal policy configuration from\b|\bfailed to load plugins: "
               r"failed to read plugin list\b|\bhttp: TLS handshake error from [^ \n]+: no certificate "
               r"available\b", 0.8,
               "Traefik, ingress controllers, HAProxy, Nginx Proxy Manager, Tyk, APISIX, TLS servers",
               caseless=False),
            _r(r"\bNo ingress rules were defined in provided config\b", 0.8, "cloudflared (its own warning says what "
               "follows: will return 503)", caseless=False, hinted=True),
            # round 16 (B), more refused set-ups: a Compose file running a migrations subcommand Kong does not have
            # ("No such command for migrations: bootstrap"), Samba's listener on an address the host cannot have
            # ("service_setup_stream_socket(address=::,port=135) failed - NT_STATUS_INVALID_PARAMETER_MIX"), Traefik's
            # ACME store ('The ACME resolver "cloudflare" is skipped from the resolvers list because: unable to get
            # ACME account: ...'), sealed-secrets that no key of the controller decrypts ("no key could decrypt
            # secret (ROOT_PASSWORD)") and kubeseal's controller service ('cannot fetch certificate: services
            # "sealed-secrets-controller" not found')
            _r(r"\bNo such command for migrations: |\bservice_setup_stream_socket\([^)\n]*\) failed - "
               r"NT_STATUS_INVALID_PARAMETER_MIX\b|\bis skipped from the resolvers list because: |\bno key could "
               r"decrypt secret\b|\bcannot fetch certificate: services \"[^\"\n]+\" not found\b", 0.8,
               "Kong's migrations, Samba, Traefik's ACME, sealed-secrets", caseless=False),
            # round 17 (B), the Actions runner started before it was configured ("An error occurred: Not configured"),
            # Mattermost without its configuration file ("LoadConfig: Error opening config file=config.json, err=no
            # config file found")
            _r(r"^An error occurred: Not configured$|\bLoadConfig: Error opening config file=", 0.8,
               "the Actions runner, Mattermost", caseless=False),
            # round 18, a domain or network definition the host refuses: libvirt's "unsupported configuration: unknown
            # watchdog model 'itco'", a libvirt network whose bridge another interface holds ("Network is already in use
            # by interface virbr1")
            _r(r"\bunsupported configuration: unknown [a-z]+ model '|\bNetwork is already in use by interface\b", 0.8,
               "libvirt"),
            # round 18 (B), a Perl module of a daemon that does not compile after an edit (pvedaemon: "Missing right
            # curly or square bracket at /usr/share/perl5/PVE/APIServer/AnyEvent.pm line 1156", "syntax error at ...
            # line 1156, at EOF")
            _r(r"\b(?:Missing right curly or square bracket|syntax error) at /[^ \n]+\.p[ml] line [0-9]+\b", 0.8,
               "Perl daemons (Proxmox)", caseless=False),
            # round 19, mail and chat servers that reject their configuration: Dovecot's parser ("doveconf: Fatal: Error
            # in configuration file /etc/dovecot/dovecot.conf line 3: Expecting '='"), amavisd's ('Error in config file
            # "/etc/amavis/conf.d/05-domain_id": ...'), coturn's file named on its command line and not there
            # ("WARNING: Cannot find config file: /etc/turnserver.conf.defaul. Default and command-line settings will be
            # used.", at warning; without a path it is the default file it runs without),
            # rspamd's Bayes statfiles on a Redis backend with no servers ("rspamd_redis_init: cannot init redis backend
            # for BAYES_SPAM" and its chain), ejabberd's undefined configuration macro ("{undefined_macro,''}") and TLS
            # context ('{error,<<"SSL_CTX_new failed">>}'), Prosody's missing certificate ("Failed to load '/...crt':
            # Check that the path is correct, and the file exists.")
            _r(r"\bdoveconf: Fatal: Error in configuration file /|\bError in config file \"/[^\"\n]+\": |"
               r"\bCannot find config file: /[^ \n]+\. Default and command-line settings will be used\b|"
               r"\brspamd_(?:redis_init: cannot init redis backend|stat_cache_redis_init: cannot init redis cache|"
               r"stat_init: (?:error adding cache redis for symbol|cannot init backend redis for statfile)) |"
               r"\{undefined_macro,|\{error,<<\"SSL_CTX_new failed\">>\}|\bSSL/TLS: Failed to load '/[^'\n]+': "
               r"Check that the path is correct, and the file exists\b", 0.85,
               "Dovecot, amavisd, coturn, rspamd, ejabberd, Prosody", any_level=True),
            # round 19, Kamailio's configuration it cannot start with: a listen address that does not resolve
            # ("fix_hostname(): could not resolve OV500_LB_IP", "fix_all_socket_lists(): fix_socket_list udp failed",
            # "failed to initialize list addresses") and a module it was not told to load ("db_bind_mod(): Module
            # db_mysql not found. Missing loadmodule?", "ht_db_init_con(): database module not found")
            _r(r"\bfix_hostname\(\): could not resolve\b|\bfix_all_socket_lists\(\): fix_socket_list [a-z]+ failed\b|"
               r"^failed to initialize list addresses$|\bnot found\. Missing loadmodule\?|"
               r"\bht_db_init_con\(\): database module not found\b", 0.8, "Kamailio", caseless=False),
            # round 19 (B), a Matrix bridge pointed at a URL that is not a homeserver ("ERR Failed to connect to
            # homeserver, retrying in 10 seconds... error=\"failed to GET /_matrix/client/versions: HTTP 404\""),
            # OpenDKIM's key table ("opendkim-testkey: invalid data set type", "KeyTable entry for '1' corrupt"),
            # OpenSMTPD's listen address not on the host ("fatal: smtpd: bind: Can't assign requested address"),
            # clamd's configuration ("ERROR: Can't parse clamd configuration file /etc/clamd.conf"), Mosquitto's files
            # ('Error: Unable to open pwfile "/etc/mosquitto/passwd".', 'Error opening password file "..."', 'Error:
            # Unable to load server certificate "...". Check certfile.', 'Unable to load CA certificates. Check cafile
            # "..."', and OpenSSL's reason below them: "OpenSSL Error[0]: error:02001002:system library:fopen:No such
            # file or directory")
            _r(r"\bFailed to connect to homeserver\b[^\n]*\bHTTP 404\b|^opendkim-testkey: invalid data set type$|"
               r"\bKeyTable entry for '[^'\n]*' corrupt\b|\bfatal: [a-z]+: bind: Can't assign requested address\b|"
               r"\bCan't parse clamd configuration file /|\bError: Unable to open pwfile \"|\bError opening password "
               r"file \"|\bError: Unable to load (?:server certificate|CA certificates)\b[^\n]*\bCheck (?:certfile|"
               r"cafile)\b|^[0-9]{10}: OpenSSL Error\[[0-9]+\]: error:[0-9A-F]{8}:(?:system library|BIO routines):"
               r"[^\n]*(?:No such file or directory|no such file)$", 0.85,
               "Matrix bridges, OpenDKIM, OpenSMTPD, clamd, Mosquitto", any_level=True),
            # round 20, cluster daemons refusing their setup: Slurm's state directory ("fatal:
            # mkdir(/var/spool/slurm/ctld): No such file or directory"), JWT key ("fatal: auth/jwt: cannot stat
            # '/etc/slurm/jwt-secret.key': No such file or directory") and plugstack include ('error: "Include" failed
            # in file /opt/slurm/etc/plugstack.conf line 2'), MUNGE's key ('munged: Error: Failed to check keyfile
            # "/etc/munge/munge.key": No such file or directory'), a Lustre target that is not there ("mount.lustre:
            # mount lustre-ost1/ost1 at /mnt/lustre-ost1 failed: No such file or directory"), LNet's address ("Error
            # trying to bind to port 1023: -99", EADDRNOTAVAIL), MinIO's drive ("Unable to use the drive /export: drive
            # not found"), SeaweedFS given a list where it dials one address ("dial tcp: lookup
            # 10.0.0.1:8888,10.0.0.2:8888"), JuiceFS's metadata engine without the commands it needs ("Meta is not
            # available: create session: ERR command not found")
            _r(r"\bfatal: mkdir\(/[^)\n]+\): No such file or directory\b|\bfatal: auth/jwt: cannot stat '[^'\n]+': No s"
               r"uch file or directory\b|\berror: \"Include\" failed in file /[^ \n]+ line [0-9]+\b|\bmunged: Error: Fa"
               r"iled to check keyfile \"[^\"\n]+\": No such file or directory\b|\bmount\.lustre: mount [^ \n]+ at [^ "
               r"\n]+ failed: No such file or directory\b|\bError trying to bind to port [0-9]+: -99\b|\bUnable to use "
               r"the drive [^ \n:]+: drive not found\b|\bdial tcp: lookup [0-9.]+:[0-9]+,[0-9.]+:[0-9]+|\bMeta is not a"
               r"vailable: create session: ERR command not found\b",
               0.85, "Slurm, MUNGE, Lustre, LNet, MinIO, SeaweedFS, JuiceFS"),
            # round 20 (B), more of the same: slurmctld's configuration ("error: Duplicated NodeHostName x in the config
            # file", "error: This host (a/a) not a valid controller.", 'The CommunicationParameters option "NoAddrCache"
            # is defunct, please remove it from slurm.conf.'), a configless slurmd without its DNS record
            # ("fetch_config: DNS SRV lookup failed"), a client without slurm.conf ("s_p_parse_file: unable to status
            # file /etc/slurm/slurm.conf: No such file or directory"), the job-container base path ("container_p_join:
            # open failed /scratch/1/.active: No such file or directory"), a cgroup controller not mounted ("cgroup
            # namespace 'freezer' not mounted. aborting"), BeeGFS's mount options ("beegfs: mount(1516568): The config
            # argument 'connClientPort' is invalid", "Configuration error: Initialization of common objects failed."),
            # Apptainer on a host without /etc/resolv.conf ("container creation failed: open /etc/resolv.conf: no such
            # file or directory"), a MooseFS chunkserver's disks ("init: hdd space manager failed !!!"), NFS-Ganesha's
            # pid directory ("open(/var/run/ganesha/ganesha.pid, O_CREAT | O_RDWR, 0644) failed for pid file, errno was:
            # No such file or directory (2)")
            _r(r"\berror: Duplicated NodeHostName [^ \n]+ in the config file\b|\berror: This host \([^)\n]+\) not a val"
               r"id controller\b|\boption \"[^\"\n]+\" is defunct, please remove it from slurm\.conf\b|\bfetch_config: "
               r"DNS SRV lookup failed\b|\bs_p_parse_file: unable to status file /[^ \n:]+: No such file or directory\b"
               r"|\bcontainer_p_join: open failed /[^ \n]+: No such file or directory\b|\bcgroup namespace '[a-z_]+' no"
               r"t mounted\. aborting\b|\bbeegfs: mount\([0-9]+\): (?:The config argument '[^'\n]+' is invalid|Configur"
               r"ation error: )|\bcontainer creation failed: open /etc/resolv\.conf: no such file or directory\b|\binit"
               r": hdd space manager failed\b|\bfailed for pid file, errno was: No such file or directory\b",
               0.85, "Slurm, BeeGFS, Apptainer, MooseFS, NFS-Ganesha"),
            # round 21, IoT and edge hosts set up wrong: a configured serial device that is not there (node-serialport:
            # "Error while opening serialport 'Error: Error: No such file or directory, cannot open /dev/ttyACM0'", "Is
            # a directory, cannot open /dev/ttyACM0", in (B) also a relative "cannot open ../../ttyACM0"; Compose's
            # 'error gathering device information while adding custom device "/dev/ttyACM0": no such file or
            # directory'), k3s on a kernel without the memory cgroup ("failed to find memory cgroup, you may need to add
            # \"cgroup_memory=1 cgroup_enable=memory\""), KubeEdge's cloud endpoint ("Init websocket connection failed
            # websocket: bad handshake", "dial websocket error(websocket: bad handshake), response message: response
            # code: 404") and kube config ("kube config not set"), the JVM's heap options ("Initial heap size set to a
            # larger value than the maximum heap size"), an image name ("invalid reference format"), picamera
            # ("PiCameraError: Camera is not enabled. Try running 'sudo raspi-config'"; not the message quoted in a
            # traceback's source line)
            _r(r"\b(?:No such file or directory|Is a directory), cannot open (?:/dev/[^ \n']+|(?:\.\./)+tty)|\berror ga"
               r"thering device information while adding custom device \"[^\"\n]+\": no such file or directory\b|\bfail"
               r"ed to find memory cgroup, you may need to add\b|\b(?:Init websocket connection failed websocket|dial w"
               r"ebsocket error\(websocket): bad handshake\b|\bkube config not set\b|\bInitial heap size set to a large"
               r"r value than the maximum heap size\b|(?:^|: )invalid reference format\b|\bPiCameraError: Camera is not"
               r" enabled\. Try running 'sudo raspi-config'",
               0.85, "node-serialport, Compose devices, k3s, KubeEdge, the JVM, Docker, picamera"),
            # round 21 (B), more of the same: KubeEdge's edge node whose certificate the cloud refuses ("dial websocket
            # error(remote error: tls: bad certificate)", "TLSClientConnect error remote error: tls: bad certificate"),
            # hostapd without its configuration ("Could not open configuration file '' for reading.")
            _r(r"\b(?:websocket error\(|websocket connection failed |TLSClientConnect error |kubeedge/connect error )re"
               r"mote error: tls: bad certificate\b|\bCould not open configuration file '[^'\n]*' for reading\b",
               0.85, "KubeEdge, hostapd"),
            # round 22, self-hosted apps set up wrong: qBittorrent's Web UI address ("WebUI: Unable to bind to IP:
            # 192.168.1.*, port: 8080. Reason: Unsupported socket operation"), Nextcloud AIO's volume ("It seems like
            # you did not attach the 'nextcloud_aio_mastercontainer' volume to the mastercontainer?"), Navidrome's
            # database path ('error="unable to open database file: no such file or directory"'), gunicorn's
            # configuration file name ("!!! WARNING: configuration file should have a valid Python extension."),
            # Vaultwarden's environment ("Error: environment variable ROCKET_ADDRESS=... could not be parsed", "=>
            # expected a valid hostname or IP, but found string"), viper's ("panic: While parsing config: invalid
            # character"), FileBrowser's database path ("open /database/filebrowser.db: is a directory"), an empty
            # program path (.NET: "Cannot start process because a file name has not been provided."), an address the
            # host does not have (.NET: "The requested address is not valid in this context.")
            _r(r"\bUnable to bind to IP: [^ \n,]+, port: [0-9]+\. Reason: (?:Unsupported socket operation|The address "
               r"is not available|Cannot assign requested address)|\bIt seems like you did not attach the '[^'\n]+' "
               r"volume\b|\berror=\"unable to open database file: no such file or directory\"|\bconfiguration file "
               r"should have a valid Python extension\b|\bError: environment variable [A-Z_]+=[^\n]* could not be "
               r"parsed\b|=> expected a valid hostname or IP, but found\b|\bWhile parsing config: invalid character\b|"
               r"\bopen /[^ \n:]+\.db: is a directory\b|\bCannot start process because a file name has not been "
               r"provided\b|\bThe requested address is not valid in this context\b", 0.85,
               "qBittorrent, Nextcloud AIO, Navidrome, gunicorn, Vaultwarden, viper, FileBrowser, .NET",
               any_level=True),
            # round 22 (B), more of the same: s6's suexec outside PID 1 ("s6-overlay-suexec: fatal: can only run as pid
            # 1"), Nextcloud AIO's config mount ("/mnt/docker-aio-config is not a mountpoint. Cannot proceed"), Immich's
            # upload folder marker ("Failed to read upload/upload/.immich: Error: ENOENT"), a media folder that is not
            # mounted (audiobookshelf: "ENOENT: no such file or directory, mkdir '/Podcasts/x'"), apt without the
            # repository ("E: Unable to locate package nzbdrone"), Transmission's session directory ("Unable to create
            # session lock file (2): No such file or directory")
            _r(r"\bs6-overlay-suexec: fatal: can only run as pid 1\b|\bis not a mountpoint\. Cannot proceed\b|\bFailed"
               r" to read [^ \n:]+/\.immich: Error: ENOENT\b|\bENOENT: no such file or directory, mkdir '/|^E: Unable "
               r"to locate package [^ \n]+$|\bUnable to create session lock file \(2\): No such file or directory\b",
               0.85, "s6-overlay, Nextcloud AIO, Immich, audiobookshelf, apt, Transmission"),
            # round 23, network and security daemons set up wrong: a capture interface the host lacks (Suricata:
            # "Failure when trying to get MTU via ioctl for 'enp0s3': No such device", at Warning; Zeek: "problem with
            # interface eth0 (pcap_error: BIOCSETIF failed: Device not configured"; "lo not found: Device not
            # configured"), OSSEC's and Wazuh's rules ("Testing rules failed. Configuration error. Exiting.",
            # "ossec-analysisd: Configuration error. Exiting."), a gRPC client without transport credentials ("grpc: no
            # transport security set"), BIRD's addresses and syntax ("Socket error: bind: Address not available",
            # "/etc/bird/bird.conf:16:1 syntax error"), ISC dhcpd without an interface to serve ("Not configured to
            # listen on any interfaces!"), CrowdSec's data source ("empty filename(s) and journalctl filter, malformed
            # datasource", at warning), Snort's rules and Lua ('Unable to open rules file "...": No such file or
            # directory', "FATAL: can't load /usr/local/snort/etc/snort/snort.lua: ..."), Zeek's site script ("fatal
            # error: can't find local.zeek")
            _r(r"\bFailure when trying to get MTU via ioctl for '[^'\n]+': No such device\b|\bproblem with interface ["
               r"^ \n]+ \(pcap_error: BIOCSETIF failed: Device not configured\b|^[a-z][a-z0-9.]* not found: Device not"
               r" configured$|\bConfiguration error\. Exiting\.|\bgrpc: no transport security set\b|\bSocket error: bi"
               r"nd: Address not available\b|/[^ \n:]+\.conf:[0-9]+:[0-9]+ syntax error\b|\bNot configured to listen on"
               r" any interfaces!$|\bempty filename\(s\) and journalctl filter, malformed datasource\b|\bUnable to ope"
               r"n rules file \"[^\"\n]+\": No such file or directory\b|\bFATAL: can't load /[^ \n:]+\.lua: |\bfatal e"
               r"rror: can't find [^ \n]+\.(?:zeek|bro)\b",
               0.85, "Suricata, Zeek, OSSEC, Wazuh, gRPC clients, BIRD, ISC dhcpd, CrowdSec, Snort", any_level=True),
            # round 23 (B), more of the same: Kea's log output path ("invalid path in `output`: invalid path specified",
            # at WARN), Wazuh's ("(1230): Invalid element in the config"), Zeek's cluster layout ("fatal error in
            # /usr/local/zeek/share/zeek/base/frameworks/cluster/__load__.zeek, line 25: can't find cluster-layout"),
            # Headscale's ("ephemeral_node_inactivity_timeout () is set too low, must be more than 1m5s"), an init
            # script without runlevels ("update-rc.d: error: ipsec Default-Start contains no runlevels, aborting."),
            # Libreswan's configuration check as ExecStartPre ("ExecStartPre=/usr/local/libexec/ipsec/addconn --config
            # /etc/ipsec.conf --checkconfig (code=exited, status=1/FAILURE)"), Suricata's AF_PACKET ring ("Frame size
            # bigger than block size", "Ring parameter are incorrect"), radvd's pid directory ("unable to open pid file,
            # /run/radvd/radvd.pid: no such file or directory"), Snort 3's rules ("ERROR: .../snort.lua: can't find
            # file_id.file_rules", "FATAL: ips.rules:2 undefined variable name: RULE_PATH.", "unknown rule action",
            # "incomplete rule"), a unit's files ("Failed to load environment files: No such file or directory", "Failed
            # to run 'start-pre' task: No such file or directory")
            _r(r"\binvalid path in `output`: invalid path specified\b|\bInvalid element in the config\b|\bfatal error "
               r"in /[^ \n,]+\.zeek, line [0-9]+: can't find\b|\bis set too low, must be more than\b|\bDefault-Start c"
               r"ontains no runlevels, aborting\b|\bExecStartPre=[^ \n]*/addconn [^\n]*--checkconfig \(code=exited, st"
               r"atus=[1-9]|\bFrame size bigger than block size\b|\bRing parameter are incorrect\b|\bunable to open pi"
               r"d file, /[^ \n:]+: no such file or directory\b|\b(?:ERROR|FATAL): [^ \n]+\.lua: can't find\b|\b(?:ERR"
               r"OR|FATAL): [^ \n:]+\.rules:[0-9]+ (?:undefined variable name|unknown rule action|incomplete rule)\b|"
               r"\bFailed to load environment files: No such file or directory\b|\bFailed to run 'start-pre' task: No "
               r"such file or directory\b",
               0.85, "Kea, Wazuh, Zeek, Headscale, update-rc.d, Libreswan, Suricata, radvd, Snort 3, systemd",
               any_level=True),
            # round 24, cloud SDKs without usable credentials or refused by the cloud's authorization (AWS SDK for Go:
            # "NoCredentialProviders: no valid providers in chain"; an AWS API's "AccessDeniedException" code, Fluent
            # Bit: "CreateLogStream API responded with error='AccessDeniedException'"): no file owner or mode to fix
            # (round 13's IAM refusals); Java NIO's java.nio.file.AccessDeniedException stays permission_denied (more
            # specific)
            # kube2iam refusing a pod's role that its namespace may not assume ("Role: arn:aws:iam::0483...:role/x on
            # namespace: kube-system not found.")
            _r(r"\bNoCredentialProviders: no valid providers in chain\b|\bAccessDeniedException\b|\bRole: arn:aws:iam::"
               r"[0-9]+:role/[^ \n]+ on namespace: [^ \n]+ not found\b", 0.85,
               "AWS SDK credentials and authorization", caseless=False),
            # round 24, a CIFS share refusing the credentials of a mount ("mount error(13): Permission denied"): the
            # share's key or user is wrong, no local file mode to fix; above permission_denied's EACCES text
            _r(r"\bmount error\(13\): Permission denied\b", 0.85, "mount.cifs", caseless=False, priority=115),
            # round 24, Go's flag package refusing an unknown command-line flag ("flag provided but not defined:
            # -allocate-node-cidrs"), a path that must be a file naming a directory ("read
            # /var/aws-iam-authenticator/cert.pem: is a directory", Python's "[Errno 20] Not a directory: '/var/log/
            # azure/...'"), a configured regular expression Go cannot compile ("error parsing regexp: invalid or
            # unsupported Perl syntax")
            _r(r"\bflag provided but not defined: -|\b(?:read|open) /[^ \n:]+: is a directory\b|\[Errno 20\] Not a "
               r"directory: '|\berror parsing regexp: ", 0.85, "Go flag, file paths, Python ENOTDIR, Go regexp",
               caseless=False),
            # round 25, a host setting left undefined (Node.js: "Database Connection Error: ENOTFOUND
            # undefined:undefined")
            _r(r"\bENOTFOUND undefined\b", 0.85, "Node.js, an unset host", caseless=False),
            # round 25, lib/pq asking for TLS from a server without it ("unable to lock ORM: pq: SSL is not enabled on
            # the server": sslmode is a setting of the client)
            _r(r"\bpq: SSL is not enabled on the server\b", 0.85, "Go lib/pq", caseless=False),
            # round 26, Chromium run as root with its sandbox on ("Running as root without --no-sandbox is not
            # supported"), a Qt program started with no display ("QXcbConnection: Could not connect to display"),
            # windows_exporter given a collector it does not have ("Couldn't load collectors: collector 'vmware' not
            # available"), NUT with no UPS configured ("no UPS definitions found in ups.conf", "at least one UPS must be
            # defined in ups.conf") or nowhere to listen ("no listening interface available"), Docker's "invalid volume
            # specification: '", FUSE's "missing mountpoint parameter", MySQL's "--initialize specified but the data
            # directory has files in it" and its socket lock file in a directory that is not there ("Could not create
            # unix socket lock file", "Unable to setup unix socket lock file"), Salt's "SLS IDs need to be globally
            # unique"
            _r(r"\bRunning as root without --no-sandbox is not supported\b|\bQXcbConnection: Could not connect to "
               r"display\b|\bCouldn't load collectors: collector '[^\n]{0,60}' not available\b|\bno UPS definitions "
               r"(?:found )?in ups\.conf\b|\bat least one UPS must be defined in ups\.conf\b|\bno listening interface "
               r"available\b|\binvalid volume specification: '|\bfuse: missing mountpoint parameter\b|\b--initialize "
               r"specified but the data directory has files in it\b|\b(?:Could not create|Unable to setup) unix socket "
               r"lock file\b|\bSLS IDs need to be globally unique\b", 0.85,
               "Chromium, Qt, windows_exporter, NUT, Docker, FUSE, MySQL, Salt", caseless=False),
            # round 27, identity and directory services that name the setting they cannot use (Authelia: "Unable to find
            # config file: /config/configuration.yml", "config key not expected: log.level"; SSSD: "No services
            # configured!"; slapd: "config error processing olcBackend={0}mdb,cn=config", "bind(8) failed errno=2";
            # winbindd: "Could not fetch our SID - did we join?"; a Redis client: "ERR AUTH <password> called without
            # any
            # password configured"; JGroups on a host without the socket option it asks for: "java.net.SocketException:
            # Protocol not available")
            _r(r"\bUnable to find config file: |\bconfig key not expected: |\bNo services configured!|"
               r"\bconfig error processing [A-Za-z]+=|\bdaemon: bind\([0-9]+\) failed errno=2 \(No such file or "
               r"directory\)|\bCould not fetch our SID - did we join\?|\bcalled without any password configured\b|"
               r"\bSocketException: Protocol not available\b", 0.85,
               "Authelia, SSSD, slapd, winbindd, Redis clients, JGroups", caseless=False),
            # round 27, virtualization and backup tools refusing their configuration (QEMU: "kvm: -device ide-cd,...:
            # Bus 'ide.0' not found", "kvm: can't apply global ICH9-LPC...: Property '...' not found"; rclone: "didn't
            # find section in config file"; fusermount: "option allow_other only allowed if 'user_allow_other' is set";
            # Seafile: "there is no ccnet config directory", "invalid config_dir:"; XtraBackup: "could not find data
            # files at the specified datadir"; Syncthing: "Error on folder ...: folder path missing"; libpq without its
            # password: "fe_sendauth: no password supplied", a DEBUG line of Barman's that decides its checks)
            _r(r"^kvm: -device [^\n]*: Bus '[^'\n]+' not found\b|"
               r"^kvm: can't apply global [^\n]*: Property '[^'\n]+' not found\b|"
               r"\bdidn't find section in config file\b|"
               r"\boption allow_other only allowed if 'user_allow_other' is set\b|"
               r"\bthere is no ccnet config directory\b|\binvalid config_dir: /|"
               r"\bcould not find data files at the specified datadir\b|"
               r"\bError on folder [^\n]{1,120}: folder path missing\b|\bfe_sendauth: no password supplied\b", 0.85,
               "QEMU, rclone, fusermount, Seafile, XtraBackup, Syncthing, libpq", caseless=False, any_level=True),
            # round 28, agents and servers refusing their configuration (Vector: "Config file not found in path",
            # "vector::cli: Configuration error."; Telegraf: "no inputs found, did you provide a valid config file?",
            # "Creating parser: pattern required"; Zabbix agent 2: "Cannot read configuration: cannot include"; Sphinx:
            # "'searchd' config section not found in", "failed to open any config file"; the Datadog Agent: "No valid
            # api key found"; supervisord: "couldn't chdir to /x: ENOENT"; cAdvisor: "mountpoint for cpu not found";
            # systemd's NAMESPACE step: "Failed to set up mount namespacing: /x: No such file or directory", without the
            # path in round 38, "Failed at step NAMESPACE spawning"); exit code 78 in Compose's and systemd's words is
            # the EX_CONFIG rule's
            _r(r"\bConfig file not found in path\b|\bvector(?:::cli)?: Configuration error\b|"
               r"\bno inputs found, did you provide a valid config file\?|\bCreating parser: pattern required\b|"
               r"\bCannot read configuration: cannot include\b|'searchd' config section not found in\b|"
               r"\bFATAL: failed to open any config file\b|\bNo valid api key found\b|"
               r"\bcouldn't chdir to /[^ \n:]*: ENOENT\b|\bmountpoint for [a-z_,]+ not found\b|"
               r"\bFailed to set up mount namespacing: |\bFailed at step NAMESPACE spawning\b", 0.85,
               "Vector, Telegraf, Zabbix agent 2, Sphinx, Datadog Agent, supervisord, cAdvisor, systemd",
               caseless=False, any_level=True),
            # round 29, settings a service cannot use (SQLite's "...: unable to open database file" at the end of a Go
            # or ORM error, where the corpus reads the configured path; not Python's "(sqlite3.OperationalError) unable
            # to open database file", labelled none in round 15; Redis in cluster mode given a database number: "ERR
            # SELECT is not allowed in cluster mode"; an empty path from an unset setting: "err:open : no such file or
            # directory", not the bare line)
            _r(r": unable to open database file\b|\bERR SELECT is not allowed in cluster mode\b|"
               r"\b(?:err:|error: )open : no such file or directory\b", 0.8, "SQLite, Redis Cluster, an unset path",
               caseless=False),
            # round 30, settings a server cannot use (systemd asked to start a unit it has no file for: "Failed to start
            # foo.service: Unit foo.service failed to load: No such file or directory."; WildFly's deployment with
            # missing services: 'WFLYCTL0013: Operation ("deploy") failed' and '"jboss.x is missing [jboss.y]"'; dash
            # redirecting into a missing directory: "cannot create /x/catalina.out: Directory nonexistent"; Squid's
            # shared memory and certificate store: "Ipc::Mem::Segment::create failed to ftruncate(", "Uninitialized SSL
            # certificate database directory: "; Dragonfly's memory per thread: "There are 48 threads, so 12.00GiB are
            # required. Exiting...", "Max memory is less than 256MB per thread. Exiting..."; Traffic Server told to run
            # as root: "switching to user root, failed to set group ID 0"; Privoxy's "Error: Ignoring unrecognized
            # directive '"; a config file's "x.conf:1: parse error."; the Kubernetes API's validation:
            # 'Ingress.extensions "web" is invalid: spec.rules[0].http.paths: Required value'; cfssl: "couldn't
            # initialize signer: "; SPIRE's own certificate: "invalid X509-SVID: already expired"; Vault's Raft path:
            # "failed to open bolt file: open x: no such file or directory"; SPIRE's authorization: "code =
            # PermissionDenied desc = authorization denied for method" (a refusal by policy, as cloud IAM); curl's
            # malformed URL: "curl returned with 3)"; OpenBSD's acme-client: "acme-client: /x: No such file or
            # directory")
            _r(r"\bFailed to start [^ \n]+: Unit [^ \n]+ failed to load: No such file or directory\b|"
               r"\bWFLYCTL0013: Operation \(\\?\"deploy\\?\"\) failed\b|\bjboss\.[^ \n]+ is missing \[jboss\.|"
               r"\bcannot create /[^ \n:]+: Directory nonexistent\b|"
               r"\bIpc::Mem::Segment::create failed to ftruncate\(|"
               r"\bUninitialized SSL certificate database directory: |\bThere are [0-9]+ threads, so [0-9.]+[GM]iB "
               r"are required\. Exiting\b|\bMax memory is less than [0-9]+MB per thread\. Exiting\b", 0.8,
               "systemd, WildFly, dash, Squid, Dragonfly", caseless=False, any_level=True),
            _r(r"\bswitching to user [^ \n,]+, failed to set group ID\b|\bError: Ignoring unrecognized directive '|"
               r"^[^ \n:]+:[0-9]+: parse error\.$|\bis invalid: [A-Za-z0-9.\[\]]+: (?:Required|Invalid|Unsupported) "
               r"value\b|\bcouldn't initialize signer: |\binvalid X509-SVID: already expired\b|\bfailed to open bolt "
               r"file: open [^ \n]+: no such file or directory\b|\bcode = PermissionDenied desc = authorization denied "
               r"for method\b|\bcurl returned with 3\)|^acme-client: /[^ \n:]+: No such file or directory$", 0.8,
               "Traffic Server, Privoxy, config parsers, Kubernetes API, cfssl, SPIRE, Vault, curl, acme-client",
               caseless=False, any_level=True),
            # round 31, settings a DNS, DHCP or monitoring server cannot use: CoreDNS's loop plugin ('plugin/loop: Seen
            # "HINFO IN x." more than twice, loop detected'); BIND's parser ("/etc/bind/named.conf:19: missing ';'
            # before end of file"); PowerDNS without usable backends ("Refusing to launch multiple backends with the
            # same name", "Unable to launch, no backends configured for querying"); lighttpd's FastCGI socket in a
            # missing directory ("bind failed for: unix:/var/run/lighttpd/php.socket-0 No such file or directory");
            # dhcpd's lease file ("Can't open lease database /var/lib/dhcp/dhcpd.leases: No such file or directory");
            # Zabbix given a proxy's database; cloudflared's token; Go's dial of a host without its port ("dial tcp:
            # missing port in address smtp.163.com"); an IPv6 listener on a host without IPv6 ("Cannot bind TCP socket
            # for host '::' on port '5665': open: Address family not supported by protocol"); Nagios's configuration
            # ("Cannot open main configuration file '/x' for reading!", "Bailing out due to one or more errors
            # encountered in the configuration files"); dockerd's IPv6 pools ("could not find an available,
            # non-overlapping IPv6 address pool among the defaults")
            _r(r"\bplugin/loop: Seen \\?\"HINFO IN [^ \n\"\\]+\\?\" more than twice, loop detected\b|"
               r"\.conf(?:\.[a-z]+)?:[0-9]+: missing ';' before\b|"
               r"\bRefusing to launch multiple backends with the same name\b|"
               r"\bUnable to launch, no backends configured for querying\b|"
               r"\bbind failed for: unix:/[^ \n]+ No such file or directory\b|"
               r"\bCan't open lease database /[^ \n:]+: No such file or directory\b", 0.8,
               "CoreDNS, BIND, PowerDNS, lighttpd, dhcpd", caseless=False, any_level=True),
            _r(r"\bZabbix server cannot work with a Zabbix proxy database\b|\bProvided Tunnel token is not valid\b|"
               r"\bdial tcp: missing port in address\b|: open: Address family not supported by protocol$|"
               r"\bCannot open main configuration file '[^'\n]+' for reading!|\bBailing out due to one or more errors "
               r"encountered in the configuration files\b|\bcould not find an available, non-overlapping IPv6 address "
               r"pool among the defaults\b", 0.8,
               "Zabbix, cloudflared, Go, Icinga 2, Nagios, dockerd", caseless=False, any_level=True),
            # round 32, settings a broker, proxy or storage server cannot use: MySQL's "1049: Unknown database 'x'"
            # (ProxySQL's monitor), "Could not open required defaults file: /x/my.cnf" and "Fatal error in defaults
            # handling. Program aborted!"; Stolon's 'saved uid "keeper0" differs from configuration uid'; Pure-FTPd's
            # "Unable to read the indexed puredb file (or old format detected) - Try pure-pw mkdb"; "exportfs: /x does
            # not support NFS export"; MinIO's "Unable to initialize backend: " (a drive's format.json)
            _r(r"\b1049: Unknown database '|\bCould not open required defaults file: /|\bFatal error in defaults "
               r"handling\. Program aborted!|\bsaved uid \\?\"[^\"\\\n]+\\?\" differs from configuration uid\b|"
               r"\bUnable to read the indexed puredb file\b|\bexportfs: /[^ \n]* does not support NFS export\b|"
               r"\bUnable to initialize backend: ", 0.8,
               "MySQL, Stolon, Pure-FTPd, exportfs, MinIO", caseless=False, any_level=True),
            # round 33, settings a web, VPN or analytics server cannot use: a socket or log path in a missing directory
            # (PHP-FPM's "unable to bind listening socket for address '/run/php/x.sock': No such file or directory",
            # "failed to open error_log (/x): No such file or directory", nginx's '[emerg] open() "/x" failed (2: No
            # such file or directory)' at start, not a request's [error]); PHP-FPM's "please specify user and group
            # other than root"; Apache's "ProxyPass URL must be absolute!" and "SSLCertificateFile: file '/x' does not
            # exist or is empty"; Bitnami's "environment variable is empty or not set. Set the environment variable
            # ALLOW_EMPTY_PASSWORD=yes"; OpenVPN's options ("Options error: --dh fails with 'dh.pem': No such file or
            # directory", "In [CMD-LINE]:1: Error opening configuration file:"); iproute2's 'inet prefix is expected
            # rather than "x"'; PyMongo's "Empty host (or extra comma in host list)"; Trino's "Configuration errors:";
            # QuestDB's "Configuration issues:" and "Invalid settings (not recognized, probable typos):"
            _r(r"\bunable to bind listening socket for address '/[^'\n]+': No such file or directory\b|"
               r"\bfailed to open error_log \(/[^)\n]+\): No such file or directory\b|"
               r"\[emerg\] (?:[0-9#]+: )?open\(\) \\?\"/[^\"\\\n]+\\?\" failed \(2: No such file or directory\)|"
               r"\bplease specify user and group other than root\b|\bProxyPass URL must be absolute!|"
               r"\bSSLCertificateFile: file '/[^'\n]+' does not exist or is empty\b|"
               r"\benvironment variable is empty or not set\. Set the environment variable ALLOW_EMPTY_PASSWORD=yes\b",
               0.8, "PHP-FPM, nginx, Apache httpd, Bitnami images", caseless=False, any_level=True),
            _r(r"\bOptions error: (?:--[a-z-]+ fails with '[^'\n]+': No such file or directory|In \[CMD-LINE\]:[0-9]+: "
               r"Error opening configuration file: )|\binet prefix is expected rather than \\?\"|"
               r"\bEmpty host \(or extra comma in host list\)|"
               r"\bApplicationConfigurationException: Configuration errors:|"
               r"\bio\.trino\.server\.Server Configuration errors:|"
               r"\bServerConfigurationException: Configuration issues:|"
               r"\bInvalid settings \(not recognized, probable typos\):", 0.8,
               "OpenVPN, iproute2, PyMongo, Trino, QuestDB", caseless=False, any_level=True),
            # round 34, settings an application platform cannot use: Kong's declarative file ("error parsing declarative
            # config file /x:", "failed parsing declarative configuration: ", "/var/lib/kong/kong.yml: Is a directory");
            # PostgreSQL's '"/x" is not a valid data directory' and 'could not open configuration file "/x": No such
            # file or directory'; Postgrex's '(invalid_catalog_name) database "x" does not exist'; Portainer's "The
            # database schema version does not align with the server version"
            _r(r"\berror parsing declarative config file /|\bfailed parsing declarative configuration: |"
               r"\.ya?ml: Is a directory$|\\?\"/[^\"\\\n]+\\?\" is not a valid data directory\b|"
               r"\bcould not open configuration file \\?\"/[^\"\\\n]+\\?\": No such file or directory\b|"
               r"\(invalid_catalog_name\) database \\?\"[^\"\\\n]+\\?\" does not exist\b|"
               r"\bThe database schema version does not align with the server version\b", 0.8,
               "Kong, PostgreSQL, Postgrex, Portainer", caseless=False, any_level=True),
            # round 35, settings a commerce, delivery or mapping server cannot use: PHP-FPM's "[pool www] user has not
            # been defined", ntfy's "user database directory /var/lib/ntfy does not exist or is not accessible", "if
            # set, key file must exist" and "FATAL unable to open database file: no such file or directory", Go's MySQL
            # DSN without its protocol ("default addr for network 'mysql:3306' unknown"), Npgsql's "No password has been
            # provided but the backend requires one", RabbitMQ's "NOT_ALLOWED - vhost /postal not found" (not an MBTiles
            # file without its metadata, read both ways here), Dropwizard's "ConfigurationParsingException: x.yml has an
            # error:", Apprise's "Failed to load Apprise configuration from"
            _r(r"\[pool [^\]\n]+\] user has not been defined\b|\bdoes not exist or is not accessible\b|"
               r"\bif set, key file must exist\b|"
               r"\bFATAL unable to open database file: no such file or directory\b|"
               r"\bdefault addr for network '[^'\n]+' unknown\b|"
               r"\bNo password has been provided but the backend requires one\b|"
               r"\bNOT_ALLOWED - vhost [^ \n]+ not found\b|"
               r"\bConfigurationParsingException: [^ \n]+ has an error:|\bFailed to load Apprise configuration from\b",
               0.8, "PHP-FPM, ntfy, Go MySQL, Npgsql, RabbitMQ, Dropwizard, Apprise", caseless=False,
               any_level=True),
            # round 36, settings a wiki, Rust or .NET service cannot use: Wiki.js's "Database Connection Error:
            # SQLITE_CANTOPEN" and "Invalid DB Type", Vaultwarden's "DOMAIN variable needs to contain the protocol",
            # "Error validating domain: relative URL without a base", clap's "Found argument '-r' which wasn't
            # expected", Kanidm's "Failed to parse /x as a valid certificate!", Garage's "TOML parse error at line 3",
            # SQL Server's TLS ("Certificate failed chain validation", "Certificate name mismatch. The provided
            # 'DataSource'"), Umbraco's "Database configuration is invalid", Laravel's MySQL DSN without a host
            # ("(trying to connect via (null))")
            _r(r"\bDatabase Connection Error: SQLITE_CANTOPEN\b|\berror: Invalid DB Type\b|"
               r"\bDOMAIN variable needs to contain the protocol\b|"
               r"\bError validating domain: relative URL without a base\b|"
               r"\bFound argument '[^'\n]+' which wasn't expected\b|"
               r"\bFailed to parse /[^ \n]+ as a valid certificate!|\bTOML parse error at line [0-9]+|"
               r"\bCertificate failed chain validation\b|\bCertificate name mismatch\. The provided 'DataSource'|"
               r"\bDatabase configuration is invalid\b|\(trying to connect via \(null\)\)", 0.8,
               "Wiki.js, Vaultwarden, clap, Kanidm, Garage, SQL Server, Umbraco, Laravel",
               caseless=False, any_level=True),
            # round 37, settings a streaming, security or mail server cannot use: Icecast's "Invalid cert file
            # /etc/x.crt", the Play framework's "Configuration error: Configuration error[" and "The application secret
            # has not been set, and we are in prod mode", Velociraptor's "Invalid GUI.public_url", Apache's "AH00534:
            # apache2: Configuration error: No MPM loaded.", Roundcube's "DB Error: no RDBMS driver specified",
            # Snapcast's 'PCM device "plughw:0,0" not found', mount's "mount point does not exist", PostgreSQL's
            # 'could not create lock file "/run/postgresql/.s.PGSQL.5432.lock": No such file or directory'
            _r(r"\bget_ssl_certificate Invalid cert file /|^Configuration error: Configuration error\[|"
               r"\bThe application secret has not been set, and we are in prod mode\b|\bInvalid GUI\.public_url\b|"
               r"\bAH00534: [^\n]*Configuration error: No MPM loaded\b|\bDB Error: no RDBMS driver specified\b|"
               r"\bPCM device \"[^\"\n]+\" not found\b|\bmount: /[^ \n]*: mount point does not exist\b|"
               r"\bcould not create lock file \"/[^\"\n]+\.lock\": No such file or directory\b", 0.8,
               "Icecast, Play, Velociraptor, Apache, Roundcube, Snapcast, mount, PostgreSQL", caseless=False,
               any_level=True),
            # round 38, settings a session daemon, a research server or its container cannot use (systemd's
            # 226/NAMESPACE by number is the unit-setting rule's): Node.js listening on an address the host does not
            # have ("Error: listen EADDRNOTAVAIL: address not available 172.67.165.85:5980"), Solr's "Not enough nodes
            # for the replicas and shards indicated", Payara's "Invalid property syntax, missing property value" and
            # "Error in dealiasing the password", Compose's "Cannot create container for service x: invalid mode: /x",
            # uWSGI's "unrecognized option:", the PostgreSQL image's "Database is uninitialized and superuser password
            # is not specified." and "You must specify POSTGRES_PASSWORD" (round 43: the MariaDB image's "Database is
            # uninitialized and password option is not specified" and "You need to specify one of
            # MARIADB_ROOT_PASSWORD")
            _r(r"(?:^|\| )Error: listen EADDRNOTAVAIL: address not available\b|"
               r"\bNot enough nodes for the replicas and shards indicated\b|"
               r"\bInvalid property syntax, missing property value\b|\bError in dealiasing the password\b|"
               r"\bCannot create container for service [^ \n:]+: invalid mode: |\buwsgi: unrecognized option: |"
               r"\bDatabase is uninitialized and (?:superuser password|password option) is not specified\b|"
               r"\bYou must specify POSTGRES_PASSWORD\b|\bYou need to specify one of (?:MARIADB|MYSQL)_ROOT_PASSWORD\b",
               0.8,
               "Node.js, Solr, Payara, Compose, uWSGI, the PostgreSQL image", caseless=False, any_level=True),
            # round 39, settings a classroom, document or inventory server cannot use (systemd's 214/SETSCHEDULER is the
            # unit-setting rule's): Flyway's "Found non-empty schema(s) "public" but no schema history table", Django's
            # "ImproperlyConfigured: No database password was provided", Apache's "PerlSetEnv takes two arguments"
            _r(r"\bFound non-empty schema\(s\) [^\n]* but no schema history table\b|"
               r"\bImproperlyConfigured: No database password was provided\b|"
               r"^[A-Z][A-Za-z]+ takes (?:one|two|three) arguments?, ", 0.8,
               "Flyway, Django, Apache", caseless=False, any_level=True),
            # round 40, settings a reader, finance or recording server cannot use: cron's "bad username; while reading
            # /etc/cron.d/x" and "(Syntax error, this crontab file will be ignored)", libcurl's malformed URL ("cURL
            # error 3:"), Firefly III's importer with no URL ("Could not connect to your local Firefly III instance at
            # ."), better-sqlite3's "Cannot open database because the directory does not exist", OpenSSL's "PEM
            # routines::no start line" (a key or certificate file that is not PEM)
            _r(r"\bbad username; while reading /etc/cron|\(Syntax error, this crontab file will be ignored\)|"
               r"\bcURL error 3: |\bCould not connect to your local Firefly III instance at \.|"
               r"\bCannot open database because the directory does not exist\b|"
               r"\bPEM routines:[A-Za-z_]*:no start line\b", 0.8,
               "cron, libcurl, Firefly III, better-sqlite3, OpenSSL", caseless=False, any_level=True),
            # round 41, settings a helpdesk, kanban or translation server cannot use: Redis's "ERR Client sent AUTH, but
            # no password is set", Elixir's "Config provider Config.Reader failed with:" and "environment variable
            # DATABASE_URL is missing.", postmap's "fatal: bad string length 0 < 1: myhostname =", Apache's
            # 'FastCgiServer: "/x" stat(/x) failed: No such file or directory', a mail client speaking TLS to a plain
            # port ("Connection could not be established with host x :stream_socket_client(): SSL operation failed", an
            # OpenSSL queue line "error:1408F10B:SSL routines:ssl3_get_record:wrong version number"; not dovecot's
            # SSL_accept of a client, none), Wekan's "no hostname or hostnames provided in connection string" and
            # "MONGO_URL must be set in environment", RabbitMQ's "failed_to_parse_configuration_file" (systemd's
            # 217/USER by number is the unit-setting rule's)
            _r(r"\bERR Client sent AUTH, but no password is set\b|\bConfig provider Config\.Reader failed with:|"
               r"\benvironment variable [A-Z][A-Z0-9_]+ is missing\.|\bfatal: bad string length [0-9]+ < [0-9]+: |"
               r"FastCgiServer: \"[^\"\n]+\" stat\([^)\n]+\) failed: No such file or directory\b|"
               r"\bConnection could not be established with host [^ \n]+ ?:stream_socket_client\(\): SSL operation "
               r"failed|"
               r"^error:1408F10B:SSL routines:ssl3_get_record:wrong version number\b|"
               r"\bno hostname or hostnames provided in connection string\b|\bMONGO_URL must be set in environment\b|"
               r"\bfailed_to_parse_configuration_file\b", 0.8,
               "Redis, Elixir releases, postmap, Apache, Swift Mailer, Wekan, RabbitMQ", caseless=False,
               any_level=True),
            # round 42, settings a sharing, form or secret server cannot use: PHP's "Directive 'x' is no longer
            # available in PHP", a shell script's unset variable ("line 3: PHP_UPLOAD_MAX_FILESIZE: unbound variable";
            # not a positional "$3", none), dotenv's "failed to read x/.env: line 1: unexpected character", Typebot's
            # "ENCRYPTION_SECRET is not 32 characters long", NextAuth's "[next-auth][error][NO_SECRET]", "MissingSecret
            # [MissingSecretError]" and "Please set NEXTAUTH_SECRET", .NET's "Keyword not supported: '", wait-for-it's
            # "you need to provide a host and port to test", Passbolt's healthcheck ("[FAIL] The server OpenPGP key is
            # not set.", "[FAIL] The server key fingerprint doesn't match", "[FAIL] The server public key defined in x
            # is not in the keyring", "[FAIL] SSL peer certificate does not validate", "[FAIL] Hostname does not match
            # when validating certificates.") and "The GPG Server key defined in the config is not found in the gpg
            # keyring", MySQL's "[2054] The server requested authentication method unknown to the client", Node's
            # "unable to verify the first certificate"
            _r(r"\bDirective '[^'\n]+' is no longer available in PHP\b|"
               r": line [0-9]+: [A-Z][A-Z0-9_]+: unbound variable\b|"
               r"\bfailed to read [^ \n]*\.env: line [0-9]+: unexpected character\b|"
               r"\bENCRYPTION_SECRET is not [0-9]+ characters long\b|\[next-auth\]\[error\]\[NO_SECRET\]|"
               r"\bMissingSecret \[MissingSecretError\]|\bPlease set NEXTAUTH_SECRET\b|\bKeyword not supported: '|"
               r"\byou need to provide a host and port to test\b|"
               r"\[FAIL\] The server (?:OpenPGP key is not set|key fingerprint doesn't match|"
               r"public key defined in [^\n]* is not in the keyring)|\[FAIL\] SSL peer certificate does not validate\b|"
               r"\[FAIL\] Hostname does not match when validating certificates\b|"
               r"\bThe GPG Server key defined in the config is not found in the gpg keyring\b|"
               r"\[2054\] The server requested authentication method unknown to the client\b|"
               r"\bunable to verify the first certificate\b", 0.8,
               "PHP, bash, dotenv, Typebot, NextAuth, .NET, wait-for-it, Passbolt, MySQL clients, Node.js",
               caseless=False, any_level=True),
            # round 43, settings a dashboard, library or AI front-end cannot use: Compose's "The Compose file './x.yml'
            # is invalid because:" and the lines naming what ("services.x.ports contains an invalid type, it should be a
            # number", "networks.default.ipam.config.subnet is invalid: should use the CIDR format",
            # "services.db.healthcheck value 'start_interval' does not match any of the regexes", "services.x.depends_on
            # contains unsupported option: 'restart'"), Glance's "parsing config: reading /x: open /x: no such file or
            # directory", Kiwix's "Unable to open the XML library file" / "Failed to load the XML library file" and
            # 'error 2 opening file "/x.zim": No such file or directory', Cosmos's "MongoDB URL is not set, cannot
            # connect to the database", oclif's "Error: Unexpected arguments: /bin/sh, -c, ..." (a command in the wrong
            # place), transformers' "OSError: Error no file named pytorch_model.bin, ... found in directory x"
            _r(r"\bThe Compose file [^\n]+ is invalid because:|"
               r"\b(?:services|networks|volumes)\.[a-z0-9_.-]+ (?:contains an invalid type, it should be |is invalid: |"
               r"value '[^'\n]*' does not match any of the regexes: |contains unsupported option: )|"
               r"\bparsing config: reading [^ \n]+: open [^ \n]+: no such file or directory\b|"
               r"\b(?:Unable to open|Failed to load) the XML library file\b|"
               r"\berror 2 opening file \"[^\"\n]+\.zim\": No such file or directory\b|"
               r"\bURL is not set, cannot connect to the database\b|\bError: Unexpected arguments?: |"
               r"\bOSError: Error no file named [^\n]+ found in directory\b", 0.8,
               "Compose, Glance, Kiwix, Cosmos, oclif, transformers", caseless=False, any_level=True),
            # round 44, settings an image, photo or no-code database server cannot use: InvokeAI's "The invokeai.yaml
            # file was found but is missing the db_dir and/or outdir setting!", Photoview's "could not make root image
            # cache directory: mkdir /x: no such file or directory", NocoDB's "Meta database configuration missing
            # database name", Compose's "validating /x/docker-compose.yml: services.x.depends_on must be a list" and
            # "Can't find a suitable configuration file in this directory or any", the runtime's "Are you trying to
            # mount a directory onto a file (or vice-versa)?"
            _r(r"\bfile was found but is missing the [^\n]+ setting\b|"
               r"\bcould not make root image cache directory: mkdir [^ \n]+: no such file or directory\b|"
               r"\bconfiguration missing database name\b|\bvalidating [^ \n]+\.ya?ml: [a-z]+\.[^ \n]+ |"
               r"\bCan't find a suitable configuration file in this directory or any\b|"
               r"\bAre you trying to mount a directory onto a file \(or vice-versa\)\?", 0.8,
               "InvokeAI, Photoview, NocoDB, Compose, runc", caseless=False, any_level=True),
            # round 45, settings a voice, network-monitoring or fediverse server cannot use: Piper's "what():  Model
            # config doesn't exist", systemd's "x.service:24: Missing '=', ignoring line.", the UniFi launcher's "Got
            # error while connecting to db: Exception authenticating MongoCredential{", Ruby's "No such file or
            # directory @ rb_sysopen - /x/.config/oxidized/router.db" (round 54: Fluentd's "- fluent.conf"), mongod's
            # "dbpath (/x) does not exist.", Laravel's "file_put_contents(/x/storage/framework/views/x.php): Failed to
            # open stream: No such file or directory", the shell running a binary for another machine ("gotosocial:
            # 1:ELF: not found"), "Missing UNIX domain socket path.", Mix's "--force : Unknown option", Elixir's
            # '(File.Error) could not write to file \"/x\": no such file or directory'
            _r(r"\bwhat\(\): +Model config doesn't exist\b|"
               r"\.(?:service|socket|timer|mount|path):[0-9]+: Missing '=', ignoring line\b|"
               r"\bException authenticating MongoCredential\{|"
               r"\bNo such file or directory @ rb_sysopen - (?:[^ \n]*/(?:\.config|config|etc)/|[^ \n]+\.conf\b)|"
               r"\bdbpath \([^)\n]+\) does not exist\b|"
               r"\bfile_put_contents\([^)\n]*/storage/framework/[^)\n]*\): Failed to open stream: No such file or "
               r"directory\b|"
               r": [0-9]+:ELF: not found\b|\bMissing UNIX domain socket path\b|\B--[a-z][a-z-]* : Unknown option\b|"
               r"\(File\.Error\) could not write to file \\?\"[^\"\n]+\\?\": no such file or directory\b", 0.8,
               "Piper, systemd, UniFi, Oxidized, MongoDB, Laravel, sh, Mix, Elixir", caseless=False, any_level=True),
            # round 46, settings a robot, radio or CMS cannot use: ros2_control's "The 'type' param was not defined for
            # 'x'", MoveIt's "Unable to identify any set of controllers that can actuate the specified joints",
            # map_server's "Failed processing YAML file x at position (-1:-1) for reason: bad file", mlat-client's "Lost
            # sync with input stream: expected a 0x1A marker" (a port that sends another format), Dire Wolf's "PTT with
            # RIG is only available when hamlib support is enabled", "You must rebuild direwolf with hamlib support",
            # "SSID out of range", "Config file: Invalid value for MYCALL command on line 4", "Config file: Unrecognized
            # command 'x' on line 5" and "Config file, line 6: Invalid option keyword", ALSA's "Unknown PCM
            # /dev/ttyACM0" and "Could not open audio device /dev/ttyACM0 for input", dump1090's "dump1090.cfg(151):
            # WARNING: Unknown key/value: 'x'", Doctrine's "The options 'driver' or 'driverClass' are mandatory",
            # Craft's "Connection::dsn cannot be empty", "file_get_contents(/x/.env): failed to open stream", TYPO3's
            # "is not correctly set in the extension manager configuration"
            _r(r"\bThe 'type' param was not defined for '|"
               r"\bUnable to identify any set of controllers that can actuate the specified joints\b|"
               r"\bFailed processing YAML file [^\n]* for reason: bad file\b|"
               r"\bLost sync with input stream: expected a 0x1A marker\b|"
               r"\bis only available when hamlib support is enabled\b|"
               r"\bYou must rebuild direwolf with hamlib support\b|"
               r"\bSSID out of range\. SSID of \"|"
               r"\bConfig file(?:, line [0-9]+)?: (?:Invalid value for [A-Z]+ command on line [0-9]+|"
               r"Unrecognized command '[^'\n]+' on line [0-9]+|Invalid option keyword\b)|"
               r"\(snd_pcm_open_noupdate\) Unknown PCM\b|\bCould not open audio device [^ \n]+ for input\b|"
               r"\.cfg\([0-9]+\): WARNING: Unknown key/value: '|"
               r"\bThe options 'driver' or 'driverClass' are mandatory\b|\bConnection::dsn cannot be empty\b|"
               r"\bfile_get_contents\([^)\n]*/\.env\): [Ff]ailed to open stre|"
               r"\bis not correctly set in the extension manager configuration\b", 0.8,
               "ros2_control, MoveIt, Nav2, mlat-client, Dire Wolf, ALSA, dump1090, Doctrine, Craft CMS, PHP, TYPO3",
               caseless=False, any_level=True),
            # round 47, settings a bot, streamer or indexer cannot use: MongoDB's "MongoError: not authorized on zenbot4
            # to execute command" (the bot's own database user), Sunshine's "SSL Verification error :: certificate has
            # expired" (as the corpus reads x509 failures), libxml's "/config/config.xml:1.1: Document is empty"
            _r(r"\bMongoError: not authorized on [^ \n]+ to execute command\b|"
               r"\bSSL Verification error :: certificate has expired\b|\.xml:[0-9]+\.[0-9]+: Document is empty\b", 0.8,
               "MongoDB clients, Sunshine, libxml", caseless=False, any_level=True),
            # round 48, settings a mail tool, metasearch engine or crawler cannot use: Dovecot's "Mail locations must
            # use the same virtual mailbox hierarchy separator", fetchmail's "Query status=5 (SYNTAX)", "Please fix your
            # configuration. Exiting...", SearXNG's "The limiter requires Valkey" and "server.secret_key is not
            # changed", filtron's "Error parsing -keyillegal base64 data at input byte 4"
            _r(r"\bMail locations must use the same virtual mailbox hierarchy separator\b|"
               r"\bfetchmail: Query status=5 \(SYNTAX\)|\bPlease fix your configuration\. Exiting\b|"
               r"\bThe limiter requires (?:Valkey|Redis)\b|\bserver\.secret_key is not changed\b|"
               r"\bError parsing -[a-z]+illegal base64 data at input byte\b", 0.8,
               "Dovecot, fetchmail, SearXNG, filtron", caseless=False, any_level=True, hinted=True),
            # round 49, settings a note-taking server, print server or IRC daemon cannot use: a Cobra command given a
            # path as its subcommand ('Error: unknown command "/opt/siyuan/kernel" for "kernel"'), memos' "failed to
            # create db driver" ("unknown db driver"), CUPS's "Unknown directive BrowseOrder on line 22 of
            # /etc/cups/cupsd.conf", ZNC's "Unrecoverable config error." and "Unhandled lines in Listener config!", a
            # TLS certificate past its date ("SslServer: Certificate expired on Fri Jun 8 19:26:17 2018 GMT", x509 is
            # config_error), InspIRCd's 'Could not read "conf/op.conf" for include at' and "Cannot find a valid UID to
            # change to at", "Unable to load GnuTLS server certificate", Anope's "The services module is not loaded.
            # This is required by Anope.", Oragono's "Could not load server: Failed to open datastore: ", ZNC without
            # its settings file ("Opening config [/znc-data/configs/znc.conf]... [ No such file ]", "[ !! ] No such
            # file")
            _r(r"^Error: unknown command \"[^\"\n]+\" for \"[^\"\n]+\"|\bfailed to create db driver\b|"
               r"\bUnknown directive [A-Za-z]+ on line [0-9]+ of /|\bUnrecoverable config error\.|"
               r"\bUnhandled lines in [A-Za-z]+ config!|\bCertificate expired on [A-Z][a-z]{2} [A-Z][a-z]{2} [0-9]|"
               r"\bCould not read \"[^\"\n]+\" for include at\b|\bCannot find a valid UID to change to at\b|"
               r"\bUnable to load GnuTLS server certificate\b|\bThis is required by Anope\.|"
               r"\bCould not load server: Failed to open datastore: |"
               r"^(?:\[ \.\. \] )?Opening config \[[^\]\n]+\]\.\.\. \[ No such file \]$|^\[ !! \] No such file$", 0.8,
               "Cobra, memos, CUPS, ZNC, TLS servers, InspIRCd, Anope, Oragono", caseless=False, any_level=True),
            # round 50, settings a status page, energy manager or uWSGI cannot use: uWSGI's "realpath() of uwsgi.ini
            # failed: No such file or directory" and "socket(): Address family not supported by protocol" (IPv6 off on
            # the host), evcc's fatal "missing loadpoints" and "charger does not support phase switching", a push the
            # token's scope refuses ("[remote rejected] master -> master (refusing to allow a GitHub App to create or
            # update workflow ... without `workflows` permission)"; cloud and token refusals are config_error)
            _r(r"\brealpath\(\) of [^ \n]+\.ini failed: No such file or directory\b|"
               r"\bsocket\(\): Address family not supported by protocol \[core/socket\.c\b|"
               r"\] FATAL [0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} (?:missing loadpoints|"
               r"[^\n]{0,80}charger does not support phase switching)\b|"
               r"\[remote rejected\] [^\n]{1,200}without `workflows?` permission\)",
               0.8, "uWSGI, evcc, git push", caseless=False, any_level=True),
            # round 50, Laravel's SQLite connector without its database file ("  Database does not exist." under
            # "[InvalidArgumentException]")
            _r(r"^ *Database does not exist\.$", 0.8, "Laravel (Cachet)", caseless=False, any_level=True),
            # round 51, settings a cluster UI, a data-integration tool or a bot cannot use: a controller whose CRD is
            # not installed ("Failed to list *v1alpha1.AppRepository: the server could not find the requested
            # resource"), Kong's "could not prepare Kong prefix at /kong_prefix: nginx configuration is invalid",
            # Headlamp's "failed to append ca cert to pool", kube-ops-view refused by RBAC ("Failed to query cluster
            # 10-96-0-1:443 (...): 403 Forbidden"), Debezium's "The 'database.history.kafka.topic' value is invalid: A
            # value is required" and "Error configuring an instance of SqlServerConnectorTask", Hazelcast's "Node could
            # not join cluster at node: ... Cause: the target cluster has a different cluster-name", Meltano's
            # "Extractor 'tap-csv' is not known to Meltano", PipelineWise's "only INCREMENTAL, LOG_BASED, and FULL TABLE
            # replication methods are supported", JDA's "Provided token was null or empty!", aiohttp's
            # "ClientConnectorCertificateError" (x509 is config_error)
            _r(r"\bFailed to list \*v[0-9][a-z0-9]*\.[A-Za-z]+: the server could not find the requested resource\b|"
               r"\bcould not prepare Kong prefix at [^ \n]+: nginx configuration is invalid\b|"
               r"\bfailed to append ca cert to pool\b|\bFailed to query cluster [^\n]{1,200}: 403 Forbidden\b|"
               r"\bThe '[a-z][a-z.]+' value is invalid: A value is required\b|"
               r"\bError configuring an instance of [A-Za-z]+Task\b|"
               r"\bCause: the target cluster has a different cluster-name\b|"
               r"\b(?:Extractor|Loader|File bundle|Utility|Transformer|Orchestrator|Mapper) '[^'\n]+' is not known to "
               r"Meltano\b|\bonly INCREMENTAL, LOG_BASED, and FULL TABLE replication methods are supported\b|"
               r"\bProvided token was null or empty!|\bClientConnectorCertificateError: Cannot connect to host\b", 0.8,
               "Kubernetes controllers, Kong, Headlamp, kube-ops-view, Debezium, Hazelcast, Meltano, PipelineWise, "
               "JDA, aiohttp", caseless=False, any_level=True),
            # round 52, settings a function platform, a workflow engine or a registry cannot use: OpenWhisk's "Error
            # processing command line arguments", LocalStack's "Unable to find executor for Lambda function" (it names
            # LAMBDA_EXECUTOR), SAM's "Invalid port string provided", Knative's 'secret "webhook-certs" is missing
            # "ca-cert.pem" key', an oclif CLI given a command it does not have ('Error: Command "start" not found',
            # "Error: command /bin/sh not found"), Temporal's "error listing schema dir:", Verdaccio's "cannot create
            # server: getaddrinfo ENOTFOUND localhost", an nginx image given a shell as its option ('nginx: invalid
            # option: "/bin/sh"'), Aptly's "unable to update: no candidates for ... found", Artifactory's "Cannot start
            # the application with a database other than PostgreSQL", pypiserver's "while trying to list
            # root(/home/pypiserver/packages): [Errno 2]" (PostgreSQL's "Ident authentication failed for user" is
            # config_error to both readers, a pg_hba method that does not fit; the authentication veto drops it: left
            # out)
            _r(r"\bError processing command line arguments\b|\bUnable to find executor for Lambda function\b|"
               r"\bInvalid port string provided\b|\bsecret \\?\"[^\"\\\n]+\\?\" is missing \\?\"[^\"\\\n]+\\?\" key\b|"
               r"^Error: [Cc]ommand \"?[^ \"\n]+\"? not found$|\berror listing schema dir:|"
               r"\bcannot create server: getaddrinfo ENOTFOUND\b|\bnginx: invalid option: \"|"
               r"\bunable to update: no candidates for [^ \n]+ found\b|"
               r"\bCannot start the application with a database other than PostgreSQL\b|"
               r"\bwhile trying to list root\([^)\n]+\): \[Errno 2\]", 0.8,
               "OpenWhisk, LocalStack, SAM, Knative, oclif, Temporal, Verdaccio, nginx, Aptly, Artifactory, "
               "pypiserver", caseless=False, any_level=True),
            # round 53, settings a GitOps controller, an ingress or a search engine cannot use: Kubernetes RBAC refusing
            # a service account ('pods "x" is forbidden: User "system:serviceaccount:argo:default" cannot patch resource
            # "pods"'; RBAC refusals are config_error), Argo CD's "couldn't find cmp-server plugin with name" and
            # "notification service 'slack' is not supported", Flux's "knownhosts: key mismatch", Envoy's "PARSE ERROR:
            # Argument: --phoney", "Couldn't find match for argument" and "error initializing config '
            # /config/envoy.json': ", Kong's "failed posting new config to /config: got status code 400", Typesense's
            # 'Log directory "/var/log/typesense" does not exist.' and "configuration.cpp:43] Fail to parse", a clap
            # CLI's "Did you mean '--dump-dir'?", Docker's 'getent unable to find entry "0:0" in passwd database'
            _r(r"\bis forbidden: User \\?\"[^\"\\\n]+\\?\" cannot [a-z]+ resource\b|"
               r"\bcouldn't find cmp-server plugin with name\b|\bnotification service '[^'\n]+' is not supported\b|"
               r"\bknownhosts: key mismatch\b|^PARSE ERROR: Argument: |"
               r"^Couldn't find match for argument$|\berror initializing config '[^'\n]*': |"
               r"\bfailed posting new config to /config: got status code 400\b|"
               r"\bLog directory \"[^\"\n]+\" does not exist\b|\bconfiguration\.cpp:[0-9]+\] Fail to parse\b|"
               r"\bDid you mean '--[a-z][a-z-]*'\?$|\bgetent unable to find entry \"[^\"\n]+\" in passwd database\b",
               0.8, "Kubernetes RBAC, Argo CD, Go URLs, Flux, Envoy, Kong, Typesense, clap, Docker", caseless=False,
               any_level=True),
            # round 54, settings a shipper, directory or media server cannot use: Elastic Agent's "fail to enroll: ...
            # ErrInvalidToken", Promtail's "at least one client config should be provided", "cannot unmarshal !!str
            # `...` into main.Config" (round 55: any YAML type into any settings type, "into bunconf.Listen") and
            # 'error="file is a directory"', Fluent Bit's "tried to instance a plugin name that don't exists" and
            # "configuration file contains errors, aborting.", Alloy's "Error: /etc/alloy/config.alloy:16:31: " and
            # "could not perform the initial load successfully", OpenLDAP's "ldap_start_tls failed (2)", 'unable to open
            # pid file "/x/slapd.pid": 2 (No such file or directory)' and "TLS init def ctx failed", FreeIPA's "IPA
            # server is already configured on this system.", "panic: Unsupported driver name:" (it outranks the panic),
            # Kanidm's "USERS CANNOT AUTH", Samba's "Samba detected misconfigured 'server role'", FreeSWITCH's "Invalid
            # ext-rtp-ip", coturn binding an address the host does not have ("Trying to bind fd 91 to
            # <[fd00:dead:beef:c0::1]:3478>: errno=99", "Cannot bind local socket to addr: Invalid argument")
            _r(r"\bfail to enroll: [^\n]*\bErrInvalidToken\b|\bat least one client config should be provided\b|"
               r"\bcannot unmarshal !!(?:str|int|bool|map|seq) `[^`\n]*` into [A-Za-z_.]+|"
               r"\berror=\"file is a directory\"|"
               r"\btried to instance a plugin name that don't exists?\b|"
               r"\bconfiguration file contains errors, aborting\b|"
               r"^Error: [^ \n]+\.alloy:[0-9]+:[0-9]+: |\bcould not perform the initial load successfully\b|"
               r"\bldap_start_tls failed \(2\)|\bunable to open pid file \"[^\"\n]+\": 2 \(No such file or directory\)|"
               r"\bTLS init def ctx failed\b|\bIPA server is already configured on this system\b|"
               r"\bUnsupported driver name:|\bUSERS CANNOT AUTH\b|\bSamba detected misconfigured 'server role'|"
               r"\bInvalid ext-(?:rtp|sip)-ip\b|\bTrying to bind fd [0-9]+ to <[^>\n]+>: errno=99\b|"
               r"\bCannot bind local socket to addr: Invalid argument\b", 0.8,
               "Elastic Agent, Promtail, Fluentd, Fluent Bit, Alloy, OpenLDAP, FreeIPA, Kanidm, Samba, FreeSWITCH, "
               "coturn",
               caseless=False, any_level=True),
            # round 55, settings a notebook server, a telemetry backend or a forge cannot use: Jupyter's "Bad config
            # encountered during initialization" and "The 'server_extensions' trait of a NotebookApp instance must be a
            # list", the OpenTelemetry Collector's 'unknown exporters type "logzio"', "cannot unmarshal the
            # configuration:" and "'' has invalid keys: queue_settings", "yaml: unmarshal errors:", GitLab's "Failed to
            # open or create log file at" and "Aborting due to invalid 'log_location' configuration", "Please configure
            # the database connection." and "Cannot continue without a database. Aborting...", Unix sockets on a file
            # system that has none ("Failed opening Unix socket: bind: Operation not supported", 'could not bind Unix
            # address "/x/.s.PGSQL.5432": Operation not supported', "could not create Unix-domain socket in directory",
            # "dial unix /run/postgresql/.s.PGSQL.5432: socket: address family not supported")
            _r(r"\bBad config encountered during initialization\b|\btrait of an? [A-Za-z]+ instance must be an? |"
               r"\bunknown (?:exporters|receivers|processors|extensions|connectors) type \"|"
               r"\bcannot unmarshal the configuration: |\bhas invalid keys: |^yaml: unmarshal errors:$|"
               r"\bFailed to open or create log file at /|\bAborting due to invalid '[a-z_]+' configuration\b|"
               r"\bPlease configure the database connection\.|\bCannot continue without a database\. Aborting\b|"
               r"\bFailed opening Unix socket: bind: Operation not supported\b|"
               r"\bcould not bind Unix address \"[^\"\n]+\": Operation not supported\b|"
               r"\bcould not create Unix-domain socket in directory\b|"
               r"\bdial unix [^ \n]+: socket: address family not supported\b", 0.8,
               "Jupyter, OpenTelemetry Collector, YAML, GitLab, Redis, PostgreSQL, Gitea", caseless=False,
               any_level=True),
            # round 56, settings a backup tool, a download client or an inference server cannot use: borgmatic's "No
            # valid configuration files found", Kopia's "unable to create format manager: invalid repository password",
            # SABnzbd's "[Errno 99] Address not available - Check for internet or DNS problems" (EADDRNOTAVAIL),
            # NZBGet's 'nzbget.conf(70): Invalid value for option "TempDir" (...): could not create directory' and
            # "could not create lock-file /x", OpenWrt's "uci: Parse error (invalid command) at line 1", Triton's
            # "Error: Use of '--load-model' requires setting '--model-control-mode=explicit' as well."
            _r(r": No valid configuration files found$|"
               r"\bunable to create format manager: invalid repository password\b|"
               r"\[Errno 99\] Address not available - Check for internet or DNS problems\b|"
               r"\.conf\([0-9]+\): Invalid value for option \"[A-Za-z]+\" \(|\bcould not create lock-file /|"
               r"^uci: Parse error \(|\bError: Use of '--[a-z-]+' requires setting '--", 0.8,
               "borgmatic, Kopia, SABnzbd, NZBGet, OpenWrt uci, Triton", caseless=False, any_level=True),
            # round 57, settings a game server, a home-automation bridge or a mail server cannot use: Factorio's "Error
            # when creating server game: Missing token.", Wings' "panic: failed to open process log file: open /x: no
            # such file or directory" (it outranks the panic), Enshrouded's bind to an address not on the host
            # ("CreateBoundSocket: ::bind to port 0 returned error [no name available](10049)", WSAEADDRNOTAVAIL),
            # ioBroker's "Installation error or unknown objects database type:", Zigbee2MQTT's missing YAML (its
            # "Zigbee2MQTT:error ... ENOENT: no such file or directory, open '/config/zigbee2mqtt/.yaml'"),
            # docker-mailserver's "sed: can't read /tmp/postfix/x.cf: No such file or directory", OpenSMTPD without its
            # user ("unknown user _smtpd", "smtpd: getpwnam: No error information"), Exim's "Exim configuration error in
            # line 30 of /x", '"daemon_smtp_ports" option set for the second time' and "Invalid new configfile /x, not
            # installing"
            _r(r"\bError when creating server game: Missing token\b|"
               r"\bpanic: failed to open process log file: open /[^ \n]+: no such file or directory\b|"
               r"\bCreateBoundSocket: ::bind to port [0-9]+ returned error \[[^\]\n]*\]\(10049\)|"
               r"\bInstallation error or unknown objects database type: |"
               r"^Zigbee2MQTT:error [^\n]*\bENOENT: no such file or directory, open '[^'\n]+\.ya?ml'|"
               r"^sed: can't read /[^ \n]+\.cf: No such file or directory$|\bunknown user _smtpd\b|"
               r"\bsmtpd: getpwnam: No error information\b|\bExim configuration error in line [0-9]+ of /|"
               r"\"[a-z_]+\" option set for the second time$|\bInvalid new configfile /[^ \n]+, not installing\b",
               0.8, "Factorio, Wings, Enshrouded, ioBroker, Zigbee2MQTT, docker-mailserver, OpenSMTPD, Exim",
               caseless=False, any_level=True),
            # round 58, settings an app server, a tunnel or a printer host cannot use: click's "Error: Invalid value for
            # '--runtime-threads' (env var: 'None'): 0 is not in the range x>=1.", Passenger's "Could not start the
            # spawn server: %RUBY: No such file or directory (2)" (a placeholder left in), Compose's "Couldn't find env
            # file: /x", LinuxCNC's "count= and names= are mutually exclusive" and "Failed to register PDO entry:",
            # OctoPrint's "Unexpected error while connecting to serial port: None"
            _r(r"\bError: Invalid value for '--[a-z0-9-]+' |"
               r"\bCould not start the spawn server: %[A-Z_]+: No such file\b|"
               r"\bCouldn't find env file: /|\bcount= and names= are mutually exclusive\b|"
               r"\bFailed to register PDO entry: |\bUnexpected error while connecting to serial port: None\b", 0.8,
               "click, Passenger, Compose, LinuxCNC, OctoPrint", caseless=False, any_level=True),
            # round 58, cloudflared without its origin certificate ("You need to specify the origin certificate path",
            # "Error locating origin cert: client didn't specify origincert path"; not "Cannot determine default origin
            # certificate path" alone, a note at INFO before it looks elsewhere)
            _r(r"\bYou need to specify the origin certificate path\b|"
               r"\bError (?:getting|locating) origin cert: [Cc]lient didn't specify origincert path\b", 0.8,
               "cloudflared", caseless=False, any_level=True),
            # round 59, settings an operator or a security daemon cannot use: client-go decoding a custom resource of
            # another version ("Failed to list *v1alpha1.MysqlCluster: v1alpha1.MysqlClusterList.Items:"), "container
            # has runAsNonRoot and image will run as root", kubectl describe's "Reason: CreateContainerConfigError",
            # barman-cloud's "Barman cloud WAL archive check exception:", MongoDB's "SSL peer certificate validation
            # failed" (x509), fail2ban's "Have not found any log file for sshd jail", Suricata's
            # "SC_ERR_AFP_CREATE(190)] - Can not open iface 'x'", auditd's "space_left(0) must be larger than
            # admin_space_left(0)" and "Could not open dir /var/log/audit (No such file or directory)", OSSEC's
            # "Configuration error at '/x'. Exiting.", "(2301): ERROR: Definition not found for: 'x'" and "(1450):
            # ERROR: Syntax error on regex:", the Core Rule Set "deployed without configuration!"
            _r(r"\bFailed to list \*[a-z0-9]+\.[A-Za-z]+: [a-z0-9]+\.[A-Za-z]+List\.Items: |"
               r"\bcontainer has runAsNonRoot and image will run as root\b|\bReason: +CreateContainerConfigError\b|"
               r"\bBarman cloud WAL archive check exception: |\"msg\":\"SSL peer certificate validation failed\"|"
               r"\bHave not found any log file for [^ \n]+ jail\b|"
               r"\bSC_ERR_AFP_CREATE\([0-9]+\)\] - Can not open iface '|"
               r"\bspace_left\([0-9]+\) must be larger than admin_space_left\b|"
               r"\bauditd\[[0-9]+\]: Could not open dir /[^ \n]+ \(No such file or directory\)|"
               r"\bConfiguration error at '/[^'\n]+'\. Exiting\b|\(2301\): ERROR: Definition not found for: '|"
               r"\(1450\): ERROR: Syntax error on regex: '|\bCore Rule Set is deployed without configuration!", 0.8,
               "client-go, Kubernetes, barman-cloud, MongoDB, fail2ban, Suricata, auditd, OSSEC, ModSecurity CRS",
               caseless=False, any_level=True),
            # round 60, settings a CI agent, a migration tool or a storage driver cannot use: Woodpecker's "Backend
            # engine 'kubernetes' not found", GitLab Runner's "Failed to pull image ...: pull access denied for x,
            # repository does not exist" (not a bare docker pull of a local name, none in the project's traps), Knex's
            # "Required configuration option 'client' is missing.", Flyway's "Unable to connect to the database.
            # Configure the url, user and password!", Alembic's "No 'script_location' key found in configuration.",
            # golang-migrate's "first ./migrations: file does not exist" and "error creating migration instance: open .:
            # no such file or directory", pg_dump's 'invalid URI query parameter: "search_path"', an unset path ("mkdir:
            # can't create directory '': No such file or directory"), rbd refused by its cluster ("failed to blocklist
            # client3363889: -13", "failed to acquire lock: -13", "failed to get mon address (possible ms_mode
            # mismatch)"), mount.cifs's "username specified with no parameter", OpenEBS's host path
            # ('MountVolume.NewMounter initialization failed for volume "x" : path "/x" does not exist'), drbdsetup's
            # "events2: unrecognized option '--full'"
            _r(r"\bBackend engine '[a-z]+' not found\b|"
               r"\b[Ff]ailed to pull image [^\n]{0,200}pull access denied for [^ \n,]+, repository does not exist\b|"
               r"\bRequired configuration option '[a-z]+' is missing\b|"
               r"\bUnable to connect to the database\. Configure the url, user and password!|"
               r"\bNo 'script_location' key found in configuration\b|\bfirst [^ \n]*: file does not exist$|"
               r"\berror creating migration instance: open [^ \n]+: no such file or directory\b|"
               r"\binvalid URI query parameter: \"|\bmkdir: can't create directory '': No such file or directory\b|"
               r"\brbd: [^ \n]+: failed to (?:blocklist [^ \n]+|acquire lock): -13$|"
               r"\brbd: failed to get mon address \(possible ms_mode mismatch\)|"
               r"\busername specified with no parameter\b|"
               r"\bMountVolume\.NewMounter initialization failed for volume \"[^\"\n]+\" : path \"[^\"\n]+\" does not "
               r"exist\b|\bevents2: unrecognized option '--full'", 0.8,
               "Woodpecker, GitLab Runner, Knex, Flyway, Alembic, golang-migrate, pg_dump, rbd, mount.cifs, OpenEBS, "
               "drbdsetup", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="dependency_missing",
        description="A module, library, class or executable the service needs is not installed.",
        formats=("Python", "Node.js", "Java", "ld.so", "shell", "Docker/Go exec", "systemd", "Ruby"),
        regexes=(
            _r(r"ModuleNotFoundError: No module named", 0.95, "Python", caseless=False),
            _r(r"ImportError: No module named", 0.9, "Python 2 style", caseless=False),
            _r(r"ImportError: cannot import name", 0.6, "Python version mismatch", caseless=False),
            _r(r"Cannot find module ['\"]", 0.9, "Node.js", caseless=False),
            _r(r"\bERR_MODULE_NOT_FOUND\b", 0.9, "Node.js ESM", caseless=False),
            _r(_errno("MODULE_NOT_FOUND"), 0.85, "Node.js error object's code field", caseless=False),
            _r(r"Cannot find package ['\"]", 0.85, "Node.js ESM", caseless=False),
            _r(r"error while loading shared libraries", 0.95, "ld.so"),
            _r(r"cannot open shared object file", 0.9, "ld.so / dlopen"),
            # a shared library older than the program that needs it: glibc's, or any library's symbol version (round 27:
            # "/usr/sbin/libvirtd: /usr/local/lib/libvirt.so.0: version `LIBVIRT_PRIVATE_1.2.2' not found (required by
            # /usr/sbin/libvirtd)")
            _r(r"version .GLIBC_[0-9.]+. not found|: version `[^'\n]+' not found \(required by /", 0.9,
               "a library older than its program (glibc, symbol versions)", caseless=False),
            _r(r"\bClassNotFoundException\b", 0.85, "Java", caseless=False),
            _r(r"\bNoClassDefFoundError\b", 0.85, "Java", caseless=False),
            _r(r": command not found", 0.85, "shell"),
            _r(r"executable file not found in \$PATH", 0.9, "Docker / Go exec"),
            _r(r"(?:Failed at step EXEC spawning|Failed to locate executable|Failed to execute)[^\n]*"
               r"No such file or directory", 0.9, "systemd", caseless=False),
            # (round 48: older systemd without the status's name, "Control process exited, code=exited status=203")
            _r(r"status=203/EXEC|\bcode=exited,? status=203$", 0.6, "systemd exec failure", caseless=False),
            _r(r"/usr/bin/env: [^\n]*: No such file or directory", 0.9, "missing interpreter", caseless=False),
            _r(r"cannot load such file -- ", 0.85, "Ruby LoadError", caseless=False),
            _r(r"DLL load failed", 0.8, "Python on Windows"),
            _r(r"\bDistributionNotFound\b", 0.85, "setuptools", caseless=False),
            _r(r"\bPackageNotFoundError\b", 0.8, "importlib.metadata", caseless=False),
            _r(r"\bexec [^ \n]+: no such file or directory", 0.8, "container entrypoint"),
            _r(r"\bsh: [0-9]+: [^ \n]+: not found", 0.85, "dash", caseless=False),
            _r(r"Could not find or load main class", 0.85, "Java", caseless=False),
            # (a trait or an interface is missing the same way: round 39's Claroline, "Trait 'x' not found in")
            _r(r"(?:Class|Trait|Interface) \\?[\"'][^\"'\n]*[\"'] not found", 0.7, "PHP", caseless=False),
            _r(r"invalid or missing program image", 0.85, "BlueGene/L ciod: the job's executable is missing"),
            _r(r"\bstatus=127[/)]", 0.8, "systemd: exit status 127, command not found (systemctl status too)"),
            # exit status 127 (command not found) in words, one rule for every form: init scripts and supervisors
            # ("failed with status 127", "exited with exit status 127", supervisord's "exited: x (exit status 127; not
            # expected)"), YARN's "Container exited with a non-zero exit code 127", ros2run's "Process exited with
            # failure 127" and a job runner's "Failed with exit value 127." (rounds 46 and 48); Compose's "exited with
            # code 127" stays a container exit
            _r(r"\b(?:exit (?:status|value)|(?:failed|exited) with (?:status|failure)|non-zero exit code) 127\b", 0.8,
               "exit status 127 in words (init scripts, supervisors, YARN, ros2run, job runners)"),
            # a plugin that cannot be loaded: uWSGI's open() of the plugin's object ('open("./python3_plugin.so"): No
            # such file or directory'), a daemon naming the plugin it could not load or find (Dovecot "Couldn't load
            # required plugin ...: ... not found", collectd 'Could not find plugin "x"')
            _r(r"\b(?:open|dlopen)\(\\?[\"'][^\"'\n]*plugin[^\"'\n]*\.so\\?[\"']\): No such file or directory", 0.85,
               "a plugin's shared object missing (uWSGI)"),
            _r(r"\b(?:unable to|failed to|cannot|can't|could not|couldn't) load (?:required )?(?:[A-Za-z0-9]+ )?"
               r"plugin\b[^\n]{0,200}(?:No such file or directory|not found|cannot open shared object)", 0.85,
               "a plugin that cannot be loaded"),
            _r(r"\b(?:unable to|cannot|can't|could not|couldn't) find plugin \\?[\"']", 0.8,
               "a plugin that cannot be found"),
            # musl's loader ("Error loading shared library libstdc++.so.6: No such file or directory (needed by ...)")
            _r(r"Error loading shared library [^ \n:]+: No such file or directory", 0.9, "musl ld.so",
               caseless=False),
            # python -m with a module that is not installed ("/usr/local/bin/python: No module named local_tuya")
            _r(r"\bpython[0-9.]*: No module named [A-Za-z_]", 0.85, "python -m", caseless=False),
            _r(r"\.sh: [0-9]+: [^\n]{0,200}: not found\b", 0.8, "dash running a script"),
            # the dynamic loader unable to resolve a symbol the program needs from a library that is missing or of
            # another build (musl: "Error relocating ./app: _ZnwmRKSt9nothrow_t: symbol not found", also cut off after
            # the symbol; glibc: "symbol lookup error: ./app: undefined symbol: ...")
            _r(r"\bError relocating [^ \n:]+: [^ \n:]+(?:: symbol not found|[ \t\r]*$)", 0.85, "musl ld.so",
               caseless=False),
            _r(r"\bsymbol lookup error: [^\n]{1,200}: undefined symbol: ", 0.85, "glibc ld.so", caseless=False),
            # a container's command missing from its image, in the runtime's words (runc/crun via containerd, CRI-O,
            # Docker: 'exec: "/app": stat /app: no such file or directory', "Container command not found or does not
            # exist"); an empty command is config_error
            _r(r"\bexec: \\?\"[^\"\\\n]+\\?\": stat [^ \n:]+: no such file or directory", 0.85,
               "OCI runtime: the command is not in the image"),
            _r(r"\bContainer command (?:'[^'\n]*' )?(?:not found or does not exist|could not be invoked)", 0.85,
               "Docker: the command is not in the image"),
            # round 12, a job runner that cannot execute the program or shell a job needs (busybox crond: "crond: can't
            # execute '/bin/sh' for user root"; "cannot execute '/usr/bin/x': No such file or directory")
            _r(r"\b(?:can't|cannot|unable to|could not) execute '/[^'\n]+'(?: for user\b|: No such file or directory)",
               0.8, "a job runner's missing program (crond)"),
            # round 12 (B), a daemon's critical plugin missing a feature it depends on (strongSwan: "feature
            # CUSTOM:libcharon in critical plugin 'charon' has unmet dependency: CUSTOM:kernel-ipsec")
            _r(r"\bin critical plugin '[^'\n]+' has unmet dependency"
               r"\b", 0.85, "a critical plugin's missing dependency"),
            # round 13, a controller whose custom resource definition is not installed (external-dns: 'error listing
            # resources in GroupVersion "externaldns.k8s.io/v1alpha1": the server could not find the requested
            # resource'; Helm and kubectl: 'no matches for kind "X" in version "y"')
            _r(r"\berror listing resources in GroupVersion [^\n]{0,200}\bthe server could not find the requested "
               r"resource\b|\bno matches for kind \\?\"[A-Za-z]+\\?\" in version\b", 0.85,
               "a custom resource definition not installed"),
            # round 13, a mount whose file-system helper is not installed (mount(8): "bad option; for several
            # filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program."), a sandbox whose CNI
            # plugin binary or OCI runtime is missing (Multus: 'failed to find plugin "macvlan" in path [/opt/cni/bin]';
            # containerd: "fork/exec /usr/local/bin/runc: no such file or directory")
            _r(r"\byou might need a /sbin/mount\.<type> helper program\b|\bfailed to find plugin \\?\"[^\"\n]+\\?\" in "
               r"path\b|\bfork/exec [^ \n]*/(?:runc|crun|runsc|containerd-shim[a-z0-9-]*): no such file or directory\b",
               0.85, "a mount helper, CNI plugin or OCI runtime binary missing", hinted=True),
            # round 14 (B), what a data service needs that is not installed: the JVM its start script looks for
            # ("could not find java in ES_JAVA_HOME at /usr/lib/jvm/java-11-openjdk/bin/java"), a PostgreSQL extension's
            # library ('could not access file "$libdir/timescaledb-2.6.0-dev": No such file or directory'), a Cassandra
            # keyspace its client expects ("Keyspace 'temporal_visibility' does not exist")
            _r(r"\bcould not find java in [A-Z_]+ at\b|\bcould not access file \\?\"\$libdir/[^\"\n]+\\?\": No such "
               r"file or directory\b|\bKeyspace '[^'\n]+' does not exist\b", 0.8,
               "a JVM, extension library or keyspace missing"),
            # round 15, the GPU driver's management library or kernel support missing where a GPU is wanted: NVML
            # ("Failed to initialize NVML: could not load NVML library", "Error: Failed to initialize NVML", "nvml
            # error: driver not loaded"), PyTorch's "The NVIDIA driver on your system is too old", the GPU operator's
            # driver installer ("Could not resolve Linux kernel version")
            _r(r"\bcould not load NVML library\b|\bFailed to initialize NVML\b|\bnvml error: driver not loaded\b|\bThe "
               r"NVIDIA driver on your system is too old\b|\bCould not resolve Linux kernel version\b|"
               r"\bERROR_LIBRARY_NOT_FOUND\b", 0.8,
               "NVIDIA's driver, NVML and kernel support"),
            # round 16 (B), Samba starting a child daemon whose binary is not installed ("/usr/sbin/winbindd: Failed to
            # exec child - No such file or directory")
            _r(r"^/[^ \n:]+: Failed to exec child - No such file or directory\b", 0.8, "Samba's child daemons"),
            # round 17, a job's script that is not where the build runs (a shell's "line 9: ./hello.sh: No such file or
            # directory"), and a missing executable whatever level it is logged at (Argo's artifact loader at info:
            # 'error="failed to clone \"repo\": exec: \"git\": executable file not found in $PATH"')
            _r(r": line [0-9]+: \.{0,2}/[^ \n:]+: No such file or directory$", 0.8, "a shell running a missing script"),
            _r(r"\bexec: \\?\"[^\"\n\\]+\\?\": executable file not found in \$PATH\b", 0.8,
               "Go's exec of a missing binary", any_level=True),
            # round 18, virtualisation support the host does not have: KVM ("Could not access KVM kernel module: No such
            # file or directory", "failed to initialize KVM: No such file or directory", libvirt's "does not support
            # virt type 'kvm'" and "could not find capabilities for arch=x86_64 domaintype=kvm"), VirtualBox's kernel
            # driver ("Kernel driver not installed (rc=-1908)", "VERR_VM_DRIVER_NOT_INSTALLED", "The character device
            # /dev/vboxdrv does not exist"), LXC's hook binary ("No such file or directory - failed to exec /...")
            _r(r"\bCould not access KVM kernel module: No such file or directory\b|\bfailed to initialize KVM: No such "
               r"file or directory\b|\bdoes not support virt type 'kvm'|\bcould not find capabilities for arch=[^ \n]+ "
               r"domaintype=kvm\b|\bKernel driver not installed \(rc=-1908\)|\bVERR_VM_DRIVER_NOT_INSTALLED\b|\bThe "
               r"character device /dev/vboxdrv does not exist\b|\bNo such file or directory - failed to exec /", 0.9,
               "KVM, libvirt, VirtualBox, LXC"),
            # round 18 (B), a command not found by its exit status alone ("'lxctest1' exited with status [127]"; a bare
            # "Exit code: 127" is none in round 7), KVM and SEV support the host lacks (kata-check's "kernel property
            # not found ... name=kvm", "modprobe: ERROR: could not insert 'kvm'", QEMU's "sev_kvm_init: Failed to open
            # /dev/sev 'No such file or directory'")
            _r(r"\bexited with status \[127\]|\bkernel property not found\b[^\n]*\bname=kvm|\bcould not "
               r"insert 'kvm(?:_intel|_amd)?'|\bFailed to open /dev/sev\b", 0.8, "exit status 127, KVM and SEV"),
            # round 19, Postfix's lookup table type without its plug-in ("postalias: fatal: unsupported dictionary type:
            # lmdb. Is the postfix-lmdb package installed?")
            _r(r"\bunsupported dictionary type: [a-z0-9_]+\. Is the postfix-[a-z0-9]+ package installed\?", 0.85,
               "Postfix dictionary plug-ins"),
            # round 19 (B), a module the daemon was built or installed without: FreeSWITCH's ("[CRIT]
            # switch_loadable_module.c:1785 Error Loading module /usr/local/freeswitch/mod/mod_sofia.so"), Dovecot's
            # ("auth: Fatal: Support not compiled in for passdb driver 'sql'")
            _r(r"\bswitch_loadable_module\.c:[0-9]+ Error Loading module /|\bSupport not compiled in for (?:passdb|"
               r"userdb) driver '", 0.85, "FreeSWITCH, Dovecot", caseless=False),
            # round 20, HPC software built or installed without a part: a Slurm plug-in ("Couldn't find the specified
            # plugin name for cgroup/v2 looking at all files", "cannot find cgroup plugin for cgroup/v2"), a launcher's
            # or step's program ("HYDU_create_process ...: execvp error on file /x/hydra_pmi_proxy (No such file or
            # directory)", "slurmstepd: error: execve(): nil: No such file or directory"), a library configure cannot
            # find ("configure: WARNING: unable to locate hwloc installation")
            _r(r"\bCouldn't find the specified plugin name for [a-z_]+/[a-z0-9_]+ looking at all files\b|\bcannot find "
               r"[a-z_]+ plugin for [a-z_]+/[a-z0-9_]+\b|\bexecvp error on file [^ \n]+ \(No such file or directory\)|"
               r"\bslurmstepd: error: execve\(\): [^ \n:]+: No such file or directory\b|\bconfigure: WARNING: unable to"
               r" locate [a-z0-9_-]+ installation\b",
               0.85, "Slurm plug-ins, Hydra, slurmstepd, configure", any_level=True),
            # round 20 (B), more parts a host lacks: CernVM-FS for a grid agent ("CVMFS environment variables were not
            # set and /cvmfs is not present"), Hydra's launcher in its short form ("HYDU_create_process (70): execvp
            # error (No such file or directory)"), kernel features ("kernel 4.1.0-25.el7.x86_64 does not support
            # required features"), hwloc in a Slurm build ("task/cgroup: plugin not compiled with hwloc support")
            _r(r"\bCVMFS environment variables were not set and /cvmfs is not present\b|\bexecvp error \(No such file o"
               r"r directory\)|\bkernel [^ \n]+ does not support required features\b|\bplugin not compiled with hwloc s"
               r"upport\b", 0.85, "CernVM-FS, Hydra, kernels, Slurm", any_level=True),
            # round 21, a container's entry script missing ("octoprint  Command not found: /app/udevd.sh")
            _r(r"\bCommand not found: /", 0.8, "s6 and entry scripts"),
            # round 22, media apps without their runtime parts: Jellyfin's ffmpeg ("FfmpegException: Failed to find
            # valid ffmpeg"), mono's assembly ("Cannot open assembly '/usr/lib/radarr/Radarr.exe': No such file or
            # directory")
            _r(r"\bFailed to find valid ffmpeg\b|\bCannot open assembly '[^'\n]+': No such file or directory\b", 0.85,
               "Jellyfin, mono"),
            # round 23, kernel parts a sensor or overlay needs: Falco's driver ("Unable to load the driver."), a BPF
            # program the kernel's BTF cannot carry ("Verifier output: btf_vmlinux is malformed"), Nebula's tun device
            # ("Failed to get a tun/tap device")
            _r(r"\bUnable to load the driver\.$|\bVerifier output: btf_vmlinux is malformed\b|\bFailed to get a tun/ta"
               r"p device\b", 0.85, "Falco, BPF loaders, Nebula"),
            # round 23 (B), more kernel and runtime parts: Falco's module ("Please ensure the kernel module is already
            # loaded.", "Make sure you have root credentials and that the falco module is loaded"), a unit's program by
            # systemd's exit status in another form ("Control process exited, code exited status=203"), Tetragon's BPF
            # programs on a kernel without their helpers ("load program: invalid argument: invalid func
            # unknown#195896080"), SoftEther's ('Fatal Error: The file "hamcore.se2" is missing or broken.')
            _r(r"\bPlease ensure the kernel module is already loaded\b|\bMake sure you have root credentials and that "
               r"the falco module is loaded\b|\bcode exited status=203\b|\binvalid func unknown#[0-9]+\b|\bThe file \""
               r"hamcore\.se2\" is missing or broken\b", 0.85, "Falco, systemd, Tetragon, SoftEther", hinted=True),
            # round 26, Windows without the feature a VM needs ("0x80370102 The virtual machine could not be started
            # because a required feature is not installed", WSL 2), a Synology package whose start script is not there
            # ("Failed to start package couchpotatoserver, [127]"), Playwright's "Host system is missing dependencies!",
            # a native module built for another machine ("ImportError: /x/libQt5Quick.so.5: invalid ELF header"), a
            # jail plugin whose packages could not be fetched ("Refusing to fetch artifact and run post_install.sh")
            _r(r"\bbecause a required feature is not installed\b|\bFailed to start package [^ \n,]+, \[127\]|\bHost "
               r"system is missing dependencies!|\bImportError: [^\n]{1,200}: invalid ELF header\b|\bRefusing to fetch "
               r"artifact and run post_install\.sh\b", 0.85,
               "WSL 2, Synology DSM, Playwright, Python, iocage", caseless=False),
            # round 27, a module, driver or symbol a service needs and cannot load (slapd: "lt_dlopenext failed:
            # (back_mdb.la) file not found"; Samba's ldb: "Module [samba_dsdb] not found - do you need to set
            # LDB_MODULES_PATH?", "Unable to load modules for /x: (null)"; VirtualBox: "The vboxdrv kernel module is not
            # loaded", "complaining that the kernel module is not loaded"; fusermount: "fuse device not found, try
            # 'modprobe fuse' first"; duplicity: "Could not initialise backend: No module named 'b2sdk'"; .NET:
            # "System.TypeLoadException: Could not load type"; a library's symbol version is the ld.so rule's, above)
            _r(r"\blt_dlopenext failed: \([^)\n]+\) file not found\b|"
               r"\bModule \[[^\]\n]+\] not found - do you need to set LDB_MODULES_PATH\?|"
               r"\bldb: Unable to load modules for /|\bThe vboxdrv kernel module is not loaded\b|"
               r"\bcomplaining that the kernel module is not loaded\b|"
               r"\bfuse device not found, try 'modprobe fuse' first\b|"
               r"\bCould not initiali[sz]e backend: No module named '|"
               r"\bSystem\.TypeLoadException: Could not load type\b", 0.85,
               "slapd, Samba, VirtualBox, fusermount, duplicity, .NET", caseless=False,
               any_level=True),
            # round 28, what a server needs installed and does not have (PostgreSQL without pgvector: "could not open
            # extension control file" in the error; not 'extension "x" is not available', its HINT or the DETAIL "Could
            # not open extension control file", also printed for a name mistyped in CREATE EXTENSION; Chroma: "Your
            # system has an unsupported version of sqlite3"; Fluentd: "Unknown output plugin 'elasticsearch'"; Zabbix
            # agent 2: "plugin cannot be loaded by agent using protocol version"; Bundler: "Install missing gem
            # executables with `bundle install`")
            _r(r"\bcould not open extension control file\b|\bYour system has an unsupported version of sqlite3\b|"
               r"\bUnknown (?:output|input|filter|parser|buffer) plugin '|\bplugin cannot be loaded by agent using "
               r"protocol version\b|\bInstall missing gem executables with `bundle install`", 0.85,
               "PostgreSQL extensions, Chroma, Fluentd, Zabbix agent 2, Bundler", caseless=False, any_level=True),
            # round 29, an entrypoint that execs a program the image does not have ("/app/gogs/docker/start.sh: exec:
            # line 80: /bin/s6-svscan: not found"), mysqld_safe without mysqld ("The file /usr/sbin/mysqld", "does not
            # exist or is not executable. Please cd to the mysql installation")
            _r(r": exec: line [0-9]+: /[^ \n:]+: not found$|\bmysqld_safe The file /[^ \n]+$|"
               r"\bdoes not exist or is not executable\. Please cd to the mysql installation\b", 0.85,
               "entrypoint scripts, mysqld_safe", caseless=False),
            # round 30, the OSGi resolver (Felix, Equinox, Karaf) without a bundle's requirement: "Unresolved constraint
            # in bundle x [36]: Unable to resolve 36.0: missing requirement", "BundleException: Unable to resolve x
            # [152](R 152.0): missing requirement", "BundleException: Could not resolve module: x [172]", "Unresolved
            # requirement: Require-Bundle: javax.servlet"; Squid without its cache directories: "Failed to verify one of
            # the swap directories", "kid1| ERROR: /x/00: (2) No such file or directory"
            _r(r"\bUnresolved constraint in bundle [^ \n]+ \[[0-9]+\]: Unable to resolve\b|"
               r"\bBundleException: Unable to resolve [^ \n]+ \[[0-9]+\]\(R [0-9.]+\): missing requirement\b|"
               r"\bBundleException: Could not resolve module: |"
               r"^ *Unresolved requirement: (?:Require-Bundle|Import-Package): |\bFailed to verify one of the "
               r"swap directories\b|\bkid[0-9]+\| ERROR: /[^ \n]+: \(2\) No such file or directory$", 0.85,
               "OSGi (Felix, Equinox, Karaf), Squid", caseless=False, any_level=True),
            # round 31, a program or kernel module the service needs: ksh's "named[225]:
            # /opt/local/sbin/named-checkconf: not found [No such file or directory]" (SMF's start method), LXD's
            # "security.ipv6_filtering requires br_netfilter be loaded"
            _r(r": /[^ \n:]+: not found \[No such file or directory\]$|\brequires br_netfilter be loaded\b", 0.85,
               "a start method's missing program, LXD", caseless=False, any_level=True),
            # round 33, a kernel device or module a VPN needs, or a protocol plugin: OpenVPN's "Cannot open TUN/TAP dev
            # /dev/net/tun: No such file or directory", wg-easy's 'Cannot find device "wg0"' and "your host's kernel
            # does not support WireGuard!", wg-quick's "Unable to access interface: Protocol not supported" and its
            # "RTNETLINK answers: Operation not supported"; guacd's 'Support for protocol "rdp" is not installed' (a
            # known protocol; a mistyped one is a setting)
            _r(r"\bCannot open TUN/TAP dev /dev/net/tun: No such file or directory\b|"
               r"\bWireGuard exited with the error: Cannot find device\b|\bkernel does not support WireGuard\b|"
               r"\bUnable to access interface: Protocol not supported\b|"
               r"\bwg-quick\[[0-9]+\]: RTNETLINK answers: Operation not supported\b|"
               r"\bSupport for protocol \\?\"(?:rdp|vnc|ssh|telnet|kubernetes)\\?\" is not installed\b", 0.85,
               "OpenVPN, WireGuard, guacd", caseless=False, any_level=True),
            # round 34, execline's spawn of a program the image lacks ("if: fatal: unable to spawn s6-test: No such file
            # or directory")
            _r(r"\bunable to spawn [^ \n:]+: No such file or directory\b", 0.85, "execline (s6)", caseless=False,
               any_level=True),
            # round 35, a library or checkout a program needs: Celery's "Unrecoverable error: VersionMismatch('Redis
            # transport requires redis-py versions 3.2.0", Bundler's "The git source x is not yet checked out. Please
            # run `bundle install`", setpriv's 'libcap-ng is too old for "all" caps'
            _r(r"\bUnrecoverable error: VersionMismatch\(|\bis not yet checked out\. Please run `bundle install`|"
               r"\blibcap-ng is too old for \\?\"all\\?\" caps\b", 0.85, "Celery, Bundler, setpriv", caseless=False,
               any_level=True),
            # round 36, the .NET host without the runtime the app targets ("You must install or update .NET to run this
            # application.", "No frameworks were found.")
            _r(r"\bYou must install or update \.NET to run this application\b|^No frameworks were found\.$", 0.85,
               ".NET host", caseless=False, any_level=True),
            # round 37, a module the server needs is not installed: gvmd's "Extension 'pg-gvm' is not available." and
            # "A required extension is not available.", Roundcube's "Failed to load plugin file /x"
            _r(r"\bdb_extension_available: Extension '[^'\n]+' is not available\b|"
               r"\bcheck_db_extensions: A required extension is not available\b|\bFailed to load plugin file /", 0.8,
               "gvmd, Roundcube", caseless=False, any_level=True),
            # round 38, a program or module the service needs is not there: Prisma's "Unable to require(`/x.so.node`)",
            # a SysV script sourcing a missing helper ("/etc/init.d/sddm: 4: .: Can't open /lib/init/init-d-script"),
            # Nextflow's "Process `x` terminated with an error exit status (127)" (exit 127, command not found)
            _r(r"\bUnable to require\(`/[^`\n]+\.so\.node`\)|: [0-9]+: \.: Can't open /|"
               r"(?:ProcessFailedException\]: |^ +)Process `[^`\n]+` terminated with an error exit status \(127\)", 0.8,
               "Prisma, sh, Nextflow", caseless=False, any_level=True),
            # round 39, a program, module or data file the service needs is not there: Rails's "Error loading the
            # 'sqlite3' Active Record adapter. Missing a gem it depends on?", unoconv's "Cannot find a suitable pyuno
            # library" and "Cannot find a suitable office installation", Tesseract's "Error opening data file
            # /x/eng.traineddata" (not "Failed loading language" or "couldn't load any languages" alone: none for the
            # optional 'osd'), the JVM's "Error: Invalid or corrupt jarfile /x" and "Error: An unexpected error occurred
            # while trying to open file /app.jar", a shell's "exec: line 109: worker: not found", osquery's "Extension
            # binary doesn't exist in:", MeshCentral's "Unable to find mongodump.exe", cmd's "is not recognized as an
            # internal or external command", PHP's "Failed opening required 'x'" and "Call to undefined function
            # mysqli_report()" (an extension not installed)
            _r(r"\bError loading the '[^'\n]+' Active Record adapter\. Missing a gem it depends on\?|"
               r"\bCannot find a suitable (?:pyuno library|office installation)\b|"
               r"\bError opening data file /[^ \n]+\.traineddata\b|\bError: Invalid or corrupt jarfile /|"
               r"\bError: An unexpected error occurred while trying to open file /[^ \n]+\.jar\b|"
               r": exec: line [0-9]+: [^ \n:]+: not found\b|\bExtension binary doesn't exist in: |"
               r"\bUnable to find mongodump(?:\.exe)?\b|is not recognized as an internal or external command\b|"
               r"\bFailed opening required '[^'\n]+'|\bCall to undefined function mysqli_[a-z_]+\(\)", 0.8,
               "Rails, unoconv, Tesseract, the JVM, sh, osquery, MeshCentral, cmd, PHP", caseless=False,
               any_level=True),
            # round 40, a browser, engine or runtime the service needs is not there: Puppeteer's "Could not find Chrome
            # (ver. 123.0.6312.86)", Prisma's "Failed to fetch the engine file at https://binaries.prisma.sh/", Node's
            # "Error: spawn ENOENT", Scrypted's '"node" version out of date'
            _r(r"\bCould not find Chrome \(ver\. [0-9.]+\)|"
               r"\bFailed to fetch the engine file at https://binaries\.prisma\.sh/|\[Error: spawn ENOENT\]|"
               r"\"node\" version out of date\b", 0.8, "Puppeteer, Prisma, Node.js, Scrypted",
               caseless=False, any_level=True),
            # round 41, a module or library the application needs is not installed: Perl's "Can't locate
            # Kernel/System/ObjectManager.pm in @INC", Composer's vendor tree missing ("require_once(/x/vendor/
            # autoload_runtime.php): Failed to open stream: No such file or directory"), Django's backend loader ("Error
            # was: No module named 'transaction_hooks'"), sharp's 'Could not load the "sharp" module'
            _r(r"\bCan't locate [A-Za-z0-9_/]+\.pm in @INC\b|"
               r"\brequire(?:_once)?\(/[^)\n]*/vendor/[^)\n]+\): [Ff]ailed to open stream: No such file or directory\b|"
               r"\bError was: No module named '|\bCould not load the \"sharp\" module\b", 0.8,
               "Perl, Composer, Django, sharp", caseless=False, any_level=True),
            # round 42, a driver, engine or command the service needs is not there: Prisma's "Could not find
            # schema-engine binary", PDO's "PDOException: could not find driver", pnpm's 'Command "prisma" not found',
            # Cal.com's "nc command is missing!"
            # (round 46: PDO's refusal without the class in front, "could not find driver (SQL: select ...)")
            _r(r"\bCould not find schema-engine binary\b|\b(?:PDOException: )?could not find driver\b|"
               r"\bERR_PNPM_RECURSIVE_EXEC_FIRST_FAIL +Command \"[^\"\n]+\" not found\b|\bnc command is missing\b", 0.8,
               "Prisma, PDO, pnpm, Cal.com", caseless=False, any_level=True),
            # round 44, a tool the service needs is not there: the webui's "RuntimeError: Torch is not able to use GPU",
            # ComfyUI-Manager's "Neither `python -m pip` nor `uv` are available" (and "Neither `pip` nor `uv`"),
            # Memories' "FATAL: exiftool could not be executed or test failed", PHP's "proc_open(): posix_spawn()
            # failed: No such file or directory", runit's "runsv nginx: fatal: unable to start ./run: file does not
            # exist"
            _r(r"\bRuntimeError: Torch is not able to use GPU\b|"
               r"\bNeither `(?:python -m )?pip` nor `uv` are available\b|"
               r"\bexiftool could not be executed or test failed\b|"
               r"\bproc_open\(\): posix_spawn\(\) failed: No such file or directory\b|"
               r"\brunsv [^ \n:]+: fatal: unable to start \./run: file does not exist\b", 0.8,
               "stable-diffusion-webui, ComfyUI-Manager, Memories, PHP, runit", caseless=False, any_level=True),
            # round 45, a library the service needs is not there or does not fit: CTranslate2's "Unable to load any of
            # {libcudnn_ops.so.9.1.0, ...}" and "Invalid handle. Cannot load symbol cudnnCreateTensorDescriptor", CUDA's
            # "CUDA driver version is insufficient for CUDA runtime version", numpy 2 under a module built for numpy 1
            # ("AttributeError: _ARRAY_API not found", "ImportError: numpy.core.multiarray failed to import"), Erlang's
            # NIF ("{on_load_function_failed,crypt," and 'Library load-call unsuccessful (1).')
            _r(r"\bUnable to load any of \{lib[^ \n,]+\.so|\bInvalid handle\. Cannot load symbol [A-Za-z]+|"
               r"\bCUDA driver version is insufficient for CUDA runtime version\b|"
               r"\bAttributeError: _ARRAY_API not found\b|\bImportError: numpy\.core\.multiarray failed to import\b|"
               r"\{on_load_function_failed,[a-z_]+,|\bLibrary load-call unsuccessful\b", 0.8,
               "CTranslate2, CUDA, numpy, Erlang", caseless=False, any_level=True),
            # round 46, a runtime that does not fit: Composer's "Composer detected issues in your platform: Your
            # Composer dependencies require a PHP version" (ros2run's "Process exited with failure 127" is the exit-127
            # rule's)
            _r(r"\bComposer detected issues in your platform\b", 0.8, "Composer", caseless=False, any_level=True),
            # round 47, a module, library, plugin or runtime that is not there: Gekko's "expects the module sqlite3 to
            # be installed", .NET's "The folder [/usr/share/dotnet/host/fxr] does not exist" and ".NET: Assemblies not
            # found", "Couldn't find any of the following libraries: [libavahi-common.so.3", Selkies' "Missing gstreamer
            # plugins:", GStreamer's "(pipeline error) no element \"nvh264enc\"", Xorg's "(EE) Failed to load module
            # \"dummy\" (module does not exist" and "(WW) Warning, couldn't open module dummy"
            _r(r"\bexpects the module [^ \n]+ to be installed\b|\bThe folder \[[^\]\n]+/host/fxr\] does not exist\b|"
               r"\bERROR: \.NET: Assemblies not found\b|\bCouldn't find any of the following libraries: \[|"
               r"\bMissing gstreamer plugins:|\(pipeline error\) no element \\?\"|"
               r"\(EE\) Failed to load module \"[^\"\n]+\" \(module does not exist\b|"
               r"\(WW\) Warning, couldn't open module [A-Za-z0-9_]", 0.8,
               "Gekko, .NET, Sunshine, Selkies, neko, Xorg", caseless=False, any_level=True),
            # round 48, a command that is not there: supervisord's "spawnerr: can't find command 'log.io-server'" (a job
            # runner's "Failed with exit value 127." is the exit-127 rule's)
            _r(r"\bspawnerr: can't find command '", 0.8, "supervisord", caseless=False, any_level=True),
            # round 49, a library, module or driver that is not there: uClibc's loader ("/opt/bin/python2.7: symbol
            # 'ippDelete': can't resolve symbol"), HPLIP's "No appropriate print PPD file found for model", "warning:
            # python-dbus not installed." and "Python gobject/dbus may be not installed", The Lounge's "Unable to load
            # node-sqlite3 module. See ...", ZNC's "Unable to find module [controlpanel]"
            _r(r": symbol '[^'\n]+': can't resolve symbol$|\bNo appropriate print PPD file found for model\b|"
               r"\bpython-dbus not installed\b|\bPython gobject/dbus may be not installed\b|"
               r"\bUnable to load (?:node-)?sqlite3 module\b|\bUnable to find module \[[^\]\n]+\]", 0.8,
               "uClibc, HPLIP, The Lounge, ZNC", caseless=False, any_level=True),
            # round 50, a module or an extension that is not there: emoncms's "redis enabled but not installed" and
            # "Your PHP installation appears to be missing the MySQL extension(s)", VapourSynth's "VSScript API not
            # available"
            _r(r"\bredis enabled but not installed\b|\bPHP installation appears to be missing the [A-Za-z]+ extension|"
               r"\bVSScript API not available\b", 0.8, "emoncms, VapourSynth", caseless=False, any_level=True),
            # round 51, a plugin, driver, class or program that is not there: Meltano's "Cannot start plugin tap-x:
            # Executable 'tap-x' could not be found", HikariCP's "Failed to get driver instance for jdbcUrl=", Flink's
            # "Cannot load user class:" and "Class not resolvable through given classloader.", a music bot without
            # ffmpeg ("ffmpeg/avconv was not found in your PATH environment variable", "No such file or directory:
            # 'ffmpeg'")
            _r(r"\bCannot start plugin [^:\n]+: Executable '[^'\n]+' could not be found\b|"
               r"\bFailed to get driver instance for jdbcUrl=|\bStreamTaskException: Cannot load user class: |"
               r"^Class not resolvable through given classloader\.$|\bffmpeg/avconv was not found in your PATH\b|"
               r"\bNo such file or directory: '(?:ffmpeg|ffprobe|avconv)'", 0.8,
               "Meltano, HikariCP, Flink, music bots", caseless=False, any_level=True),
            # round 54, Asterisk loading a module built against another version ("Error loading module 'chan_pjsip.so':
            # ...: Undefined symbol "ast_sip_cli_traverse_objects"")
            _r(r"\bError loading module '[^'\n]+': [^\n]*\bUndefined symbol \"", 0.8, "Asterisk", caseless=False,
               any_level=True),
            # round 55, a tool that is not there: Eclipse Che's "Maven server not started looks like you don't have
            # Maven in your path", BusyBox env without bash ("env: can't execute 'bash': No such file or directory")
            _r(r"\bMaven server not started looks like you don't have Maven in your path\b|"
               r"\benv: can't execute '[^'\n]+': No such file or directory\b", 0.8, "Eclipse Che, BusyBox env",
               caseless=False, any_level=True),
            # round 56, what a tool needs and does not have: Mono's "System.DllNotFoundException: /usr/lib/x.so", a
            # Synology package's "start-stop-status start ret=[127]", BentoML's "MissingDependencyException"
            _r(r"\bSystem\.DllNotFoundException: /[^ \n]+\.so\b|\bstart-stop-status start ret=\[127\]|"
               r"\bbentoml\.exceptions\.MissingDependencyException: ", 0.8, "Mono, Synology DSM, BentoML",
               caseless=False, any_level=True),
            # round 57, AMP without an assembly its plugin needs ("Missing plugin/assembly: Open.Nat", "Failed to locate
            # Open.Nat via late assembly resolver")
            _r(r"\bMissing plugin/assembly: |\bFailed to locate [^ \n]+ via late assembly resolver\b", 0.8, "AMP",
               caseless=False, any_level=True),
            # round 58, what an app server or a VPN needs and does not have: Passenger's preloader without its Ruby
            # ("ruby: No such file or directory -- Passenger AppPreloader"), a kernel without WireGuard ("Error: Unknown
            # device type.", "Unable to modify interface: Protocol not supported", "ip: RTNETLINK answers: Not
            # supported")
            _r(r": No such file or directory -- Passenger AppPreloader\b|\bError: Unknown device type\.$|"
               r"\bUnable to modify interface: Protocol not supported\b|\bip: RTNETLINK answers: Not supported$", 0.8,
               "Passenger, WireGuard", caseless=False, any_level=True),
            # round 59, a kernel module built for another kernel (Falco's "modprobe: ERROR: could not insert
            # 'falco_probe': Exec format error"; it outranks the Exec format error of a program), iptables without its
            # table module ("Table does not exist (do you need to insmod?)")
            _r(r"\b(?:modprobe: ERROR: could not insert|modinfo: ERROR: could not get modinfo from) '[^'\n]+': "
               r"Exec format error\b", 0.85, "modprobe, modinfo (round 60: Rook's rbd map)",
               caseless=False, any_level=True, priority=102),
            _r(r"\bTable does not exist \(do you need to insmod\?\)", 0.8, "iptables", caseless=False, any_level=True),
            # round 60, what a migration tool or a storage driver needs and does not have: Sequelize's "Please install
            # mysql2 package manually", sqitch's '"sqitch" failed to start: "The system cannot find the file specified"'
            # and "DBD::Pg 2.0 required to manage PostgreSQL", a CRD the cluster does not serve ("Failed to watch
            # *v1beta1.VolumeSnapshotClass: failed to list ...: the server could not find the requested resource"),
            # "rbd: failed to load rbd kernel module" (not the kubelet's "driver name x not found in the list of
            # registered CSI drivers": none to round 24's readers on a node that was not ready)
            _r(r"\bPlease install [a-z0-9_-]+ package manually\b|"
               r"\" failed to start: \"The system cannot find the file specified\"|"
               r"\bDBD::[A-Za-z]+ [0-9.]+ required to manage\b|"
               r"\bFailed to watch \*[a-z0-9]+\.[A-Za-z]+: failed to list [^\n]{1,200}: the server could not find the "
               r"requested resource\b|"
               r"\bfailed to load rbd kernel module\b", 0.8, "Sequelize, sqitch, client-go, kubelet, rbd",
               caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="service_dependency",
        description="A service this one depends on (unit, database, broker, upstream) is down or failed.",
        formats=("systemd", "Docker Compose", "nginx", "Envoy", "PostgreSQL/MySQL/Redis clients",
                 "wait-for scripts"),
        regexes=(
            _r(r"Dependency failed for ", 0.95, "systemd", caseless=False),
            _r(r"A dependency job for [^\n]* failed", 0.9, "systemctl", caseless=False),
            _r(r"failed with result 'dependency'", 0.9, "systemd job", caseless=False),
            _r(r"dependency failed to start", 0.9, "Docker Compose depends_on"),
            # a word of a URL's path ("POST http://localhost:18080/configuration/backends") names no dependency
            _r(r"(?:^|[^/\n])" + _DEPS
               + r"[^\n]*(?:connection[ \t]+refused|ECONNREFUSED|\berrno[ \t]*[:=][ \t]*-?111\b)", 0.85,
               "named dependency refused"),
            _r(r"(?:connection refused|ECONNREFUSED|actively refused it)[^\n]*" + _DEP_PORTS, 0.8,
               "refused on a dependency's port"),
            _r(r"connection refused\)? while connecting to upstream", 0.9, "nginx"),
            _r(r"no live upstreams while connecting to upstream", 0.85, "nginx"),
            # nginx on any failed connect to an upstream (the reason in parentheses: unreachable, reset, ...), and its
            # marking an upstream server down after max_fails
            _r(r"\bconnect\(\) (?:to [^ \n]+ )?failed \([0-9]+: [^)\n]+\) while connecting to upstream", 0.85, "nginx",
               caseless=False),
            _r(r"\bupstream server temporarily disabled while\b", 0.85, "nginx max_fails", caseless=False),
            _r(r"\b(?:has )?no (?:server|backend|upstream|healthy host)s? (?:is )?available\b", 0.8,
               "HAProxy backend, load balancers"),
            _r(r"\b(?:failed|unable) to (?:make|establish|open|create) (?:a |the )?connection to (?:the )?"
               r"(?:backend|upstream|database|db|broker|remote server|origin)\b", 0.8,
               "Apache mod_proxy AH01114, clients"),
            _r(r"can't connect to (?:local )?MySQL server", 0.85, "MySQL client"),
            # round 11, the MySQL client's connection errors by number (CR_CONNECTION_ERROR 2002: the local socket,
            # CR_CONN_HOST_ERROR 2003: TCP) as PHP's mysqli and PDO print them ("mysqli::__construct(): (HY000/2002): No
            # such file or directory", "MySQL Connection Error: (2002) No such file or directory", "SQLSTATE[HY000]
            # [2002] Connection refused"), and MariaDB's client ("Can't connect to local server through socket")
            _r(r"(?:\((?:HY000/)?|\[)200[23](?:\)|\])[: ]+(?:No such file or directory|Connection refused|"
               r"Connection timed out|php_network_getaddresses)", 0.85, "MySQL client errors 2002/2003 (PHP)"),
            _r(r"\bCan't connect to local server through socket\b", 0.85, "MariaDB client"),
            # a client's connection attempt to the server it queries (Akka HTTP's host pool, retrying clients)
            _r(r"\bConnection attempt to [^ \n]+:[0-9]+ failed\b", 0.75, "clients retrying a server they need"),
            # a client that cannot get a connection to its database (Go's database/sql users, pools)
            _r(r"\b(?:failed|unable) to (?:get|obtain|acquire|open|establish) (?:an? |the )?(?:isolated )?"
               r"(?:db|database|JDBC|SQL) connection\b", 0.8, "clients of their database (pools: Keycloak, Hibernate)"),
            # a pool that timed out acquiring a new connection to its database (Agroal: "Acquisition timeout while
            # waiting for new connection") and a JDBC driver's failed connect ("PSQLException: The connection attempt
            # failed.")
            _r(r"\bAcquisition timeout while waiting for new connection\b|\bPSQLException: The connection attempt "
               r"failed\b", 0.8, "a pool or JDBC driver that cannot connect to its database", caseless=False),
            # a client naming the product server it needs ("Cannot connect to CloudCoder server"); a bare host is not
            # named (a crawler's "Cannot connect to host example.com" is a remote site)
            _r(r"\b(?:[Cc]annot|[Cc]an't|[Cc]ould not|[Uu]nable to|[Nn]ot) connect(?:ed)? to (?:the )?"
               r"[A-Z][A-Za-z0-9]+ server\b",
               0.75, "clients naming the server they depend on", caseless=False),
            _r(r"\b(?:(?:failed|unable) to|cannot|can't|could not) connect to (?:the )?(?:database|db|"
               r"postgres(?:ql)?|mysql|mariadb|redis|mongo(?:db)?|broker|rabbitmq|kafka|elasticsearch)"
               r"(?: server| service| cluster)?\b", 0.8,
               "clients naming the database or broker they cannot reach"),
            # Go's net package dialling a daemon's unix socket (journald gateway, docker.sock, containerd.sock)
            _r(r"\bdial unix /[^ \n:]+:(?: connect:)? (?:connection refused|no such file or directory)", 0.8,
               "Go client of a daemon's unix socket"),
            # the same client's call over the socket cut by the daemon ("rpc error: code = Unavailable desc = error
            # reading from server: read unix @->/run/containerd/containerd.sock: read: connection reset by peer")
            _r(r"\b(?:read|write) unix [^ \n]*->/[^ \n:]+: (?:read|write): (?:connection reset by peer|broken pipe)",
               0.8, "Go client of a daemon's unix socket (call cut)"),
            # a proxy or load balancer whose backing service has no endpoint to send to ('Service "ns/x" does not have
            # any active Endpoint.', ingress-nginx; 'no endpoints available for service "x"', the API server's proxy)
            _r(r"\bdoes not have any (?:active|ready|available) endpoints?\b|\bno endpoints available for service\b",
               0.8, "a service without endpoints"),
            _r(r"could not connect to Redis at", 0.85, "Redis client"),
            # a client's check of the daemon it needs ("Docker daemon is not running", Docker Desktop's checker)
            _r(r"\b[A-Z][A-Za-z0-9]+ daemon is not running\b", 0.8, "clients naming a daemon they need",
               caseless=False),
            _r(r"\bno healthy upstream\b", 0.8, "Envoy"),
            # a daemon handing work to a service it is configured to use (Postfix's content filter, milters, proxies):
            # "connect to proxy filter inet:[127.0.0.1]:10024: Connection refused"
            _r(r"\bconnect to (?:[a-z]+ )?(?:filter|milter|proxy|transport|policy (?:server|service)) [^ \n]+: "
               r"(?:Connection refused|No such file or directory)", 0.85, "mail daemons' filters and milters"),
            # a cluster member that reports no elected leader (Consul, Nomad: "No cluster leader"; etcd clients:
            # "etcdserver: no leader"; Vault standby: "active cluster node not found"): the cluster it needs cannot
            # serve
            _r(r"\bNo cluster leader\b|\betcdserver: no leader\b|\bactive cluster node not found\b", 0.8,
               "a cluster member without an elected leader"),
            # a peer heartbeat that got no reply (Ceph OSDs: "heartbeat_check: no reply from 10.0.0.2:6803 osd.3"; "no
            # heartbeat response from node"); a server closing a client that missed heartbeats is not matched
            _r(r"\bheartbeat(?:_check)?:? no (?:reply|response) from\b|\bno heartbeat (?:reply|response|received) from "
               r"(?:peer|node|member|osd|server|leader|master)\b", 0.8, "a peer heartbeat without reply"),
            # a cluster member's RPC to its server or leader ("RPC failed to server 10.128.0.24:8300", Consul)
            _r(r"\bRPC failed to server [^ \n]+:[0-9]", 0.8, "cluster clients (Consul)", caseless=False),
            # round 12, an NFS client refused by the server it mounts from (mount.nfs: "mount(2): Connection refused",
            # "portmap query failed: RPC: Unable to receive - Connection refused", "mount: RPC: Unable to receive; errno
            # = connection refused"): the file server, not a bare refusal
            _r(r"\bmount\.nfs4?: [Cc]onnection (?:timed out|refused)\b|"
               r"\bmount(?:\.nfs4?|\.cifs)?: (?:mount\(2\)|mount system call failed|portmap query failed|RPC)[^\n]{0,8"
               r"0}"
               r"(?:[Cc]onnection refused|[Tt]imed out|No route to host)|\bRPC: Unable to receive\b[^\n]{0,20}"
               r"[Cc]onnection refused", 0.8, "an NFS client refused by its server"),
            # round 12, a command-line tool refused by the daemon it drives, on the daemon's socket: tailscale ("failed
            # to connect to local tailscaled; it doesn't appear to be running"), swanctl ("connecting to
            # 'unix:///var/run/charon.vici' failed: Connection refused", "connecting to 'default' URI failed: Connection
            # refused"), the Docker CLI ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock")
            _r(r"\b(?:failed to|cannot|can't|could not|unable to) connect to (?:the )?local [a-z][a-z0-9_-]*d[;:,][^"
               r"\n]{0,20}"
               r"(?:doesn't appear to be running|(?:is )?not running|[Cc]onnection refused|no such file)|"
               r"\bconnecting to '[^'\n]+'(?: URI)? failed: [Cc]onnection refused|\b[Cc]annot connect to the [A-Za-z]+ "
               r"daemon at\b", 0.8, "a CLI refused by its daemon's socket"),
            # round 12, an APM tracer or metrics client refused by its local agent (Datadog's tracer: "Agent Error:
            # ... Errno::ECONNREFUSED ... Failed to open TCP connection to 127.0.0.1:8126")
            _r(r"\b[Aa]gent [Ee]rror\b[^\n]{0,400}(?:ECONNREFUSED|[Cc]onnection refused)|(?:ECONNREFUSED|[Cc]onnection "
               r"refused)[^\n]{0,200}:8126\b", 0.8, "a tracer refused by its local agent"),
            _r(r"\bjava\.io\.IOException: Failed to connect to [^ \n]+:[0-9]+[ \t\r]*$", 0.8,
               "Java clients (Spark, Netty)", caseless=False),
            _r(r"upstream connect error or disconnect/reset before headers", 0.8, "Envoy"),
            _r(r"(?:timed out|gave up|giving up) waiting for (?:the )?" + _DEPS, 0.85, "wait-for scripts"),
            _r(r"\bwaiting for (?:the )?" + _DEPS + r"[^\n]*(?:timed out|gave up|giving up|unavailable|"
               r"not ready|failed)", 0.8, "wait-for scripts"),
            _r(r"\bstill waiting for (?:the )?" + _DEPS, 0.6, "wait-for scripts"),
            # A bare "Waiting for database..." is weak evidence (it is also printed on a normal start).
            _r(r"\bwaiting for (?:the )?" + _DEPS + r"(?:[ \t]*\.\.\.|[ \t\r]*$| to (?:start|come up|be ready|"
               r"become (?:ready|available)|accept connections))", 0.55, "entrypoint scripts"),
            _r(r"wait-for-it(?:\.sh)?: timeout occurred", 0.85, "wait-for-it.sh"),
            # round 11, wait-for tools that gave up on a peer's port (Bitnami's wait-for-port: 'timeout reached before
            # the port went into state "inuse"'; dockerize: "Timeout after 1m0s waiting on dependencies to become
            # available: [tcp://db:5432]")
            _r(r"\btimeout reached before the port went into state\b|\bwaiting on dependencies to become available\b",
               0.8, "wait-for tools (wait-for-port, dockerize)"),
            # round 11, a client that gave up reconnecting to its backend or broker ("Retry limit exceeded while trying
            # to reconnect to the Celery redis result store backend", "Giving up reconnecting to RabbitMQ")
            _r(r"\b(?:[Rr]etry limit exceeded|[Gg]iving up|[Gg]ave up|[Mm]ax(?:imum)? retries (?:exceeded|reached))\b"
               r"[^\n]{0,40}\b(?:re)?connect(?:ing)?\b[^\n]{0,60}" + _DEPS, 0.8,
               "a client that gave up reconnecting to its backend"),
            # round 11, Docker's embedded DNS (127.0.0.11) unable to resolve a bare service name: a Compose service that
            # is not running ("dial tcp: lookup gitea on 127.0.0.11:53: server misbehaving"; a dotted name is a remote
            # host, left to network_timeout)
            _r(r"\blookup [A-Za-z0-9_-]+ on 127\.0\.0\.11:53: (?:server misbehaving|no such host)", 0.85,
               "a Compose service name Docker's DNS cannot resolve"),
            # round 11, nginx failing an upstream while connecting, whatever the module words it (upstream check and
            # fair modules: "upstream servers are busy or encounter error! while connecting to upstream"); a timeout
            # ("upstream timed out ... while connecting to upstream") stays network_timeout
            _r(r"\*[0-9]+ [^\n]{0,80}\b(?:failed|error|refused|reset|unreachable|busy)\b[^\n]{0,80} while connecting "
               r"to upstream\b", 0.8, "nginx: an upstream failing at connect"),
            _r(r"Retrying connect to server: [^ \n]+\. Already tried [0-9]+ time", 0.8, "Hadoop IPC client",
               caseless=False),
            _r(r"ERROR IN CONTACTING RM", 0.85, "Hadoop MapReduce AM", caseless=False),
            _r(r"Failed to renew lease for [^\n]*Will retry", 0.8, "HDFS client", caseless=False),
            _r(r"Cannot open channel to [0-9]+ at election address", 0.85, "ZooKeeper quorum peer", caseless=False),
            _r(r"There is no server for [A-Za-z]*FileSystem domain", 0.8, "cluster file system", caseless=False),
            _r(r"got not? answer from any \[[^]\n]*\] datasource", 0.8, "ganglia gmetad", caseless=False),
            _r(r"\bLustre mount FAILED\b", 0.8, "BlueGene/L I/O node: the Lustre file servers are unreachable",
               caseless=False),
            _r(r"\b(?:failed|unable) to connect (?:socket )?to '?/[^ \n']*'?: (?:No such file or directory|"
               r"Connection refused)", 0.8, "a daemon's unix socket (libvirt and others)"),
            _r(r"(?:connection refused|connection reset by peer)\)? while (?:reading response header from|"
               r"reading upstream|sending request to) upstream", 0.9, "nginx"),
            _r(r"\bconnection to server (?:at|on socket) [^\n]* failed: "
               r"(?:Connection refused|No such file or directory)",
               0.85, "libpq", caseless=False),
            _r(r"PSQLException: Connection to [^ \n]+ refused", 0.85, "PostgreSQL JDBC", caseless=False),
            _r(r"\bpg_isready: [^ \n]+ - no response", 0.8, "pg_isready", caseless=False),
            _r(r"Error condition on socket for SYNC: Connection refused", 0.85, "Redis replica", caseless=False),
            _r(r"\bNoBrokersAvailable\b", 0.85, "kafka-python", caseless=False),
            _r(r"Broker may not be available", 0.85, "Kafka Java client", caseless=False),
            _r(r"\bAMQPConnectionError\b", 0.8, "pika / RabbitMQ", caseless=False),
            _r(r"\bNoNodesAvailableException\b|No living connections", 0.8, "Elasticsearch clients", caseless=False),
            _r(r"\b(?:database|db|postgres(?:ql)?|mysql|redis|broker|kafka|rabbitmq|upstream)"
               r"(?: server| service| connection)? (?:is )?(?:unavailable|unreachable|not available|not ready)\b",
               0.7),
            # a server's own database reported down in its words ("database is down: reconnecting in 10 seconds", Zabbix
            # server and proxy); "is down" only, so that "database downgrade" or "shutting the db down" are not read
            _r(r"\b(?:database|db|postgres(?:ql)?|mysql|redis|broker|kafka|rabbitmq|upstream)(?: server| service)? is "
               r"down\b", 0.7, "a server's own database reported down"),
            # round 13, an Elixir app's database pool refused or unable to resolve its database (Postgrex, MyXQL,
            # Redix: "Postgrex.Protocol (#PID<0.514.0>) failed to connect: ** (Postgrex.Error) tcp connect: connection
            # refused - :econnrefused", "(DBConnection.ConnectionError) tcp connect (db:5432): non-existing domain -
            # :nxdomain")
            _r(r"\b(?:Postgrex|MyXQL|Redix|Tds|DBConnection)[.A-Za-z]*\b[^\n]{0,200}\b(?:connection refused|"
               r"econnrefused|nxdomain|non-existing domain)\b", 0.85,
               "Elixir database clients (Postgrex, MyXQL, Redix)"),
            # round 13, a service-mesh proxy that cannot reach its control plane (Linkerd's proxy: "linkerd_reconnect:
            # Failed to connect error=Connection refused (os error 111)")
            _r(r"\blinkerd_reconnect: Failed to connect\b", 0.8, "Linkerd proxy and its control plane"),
            # round 13, a telemetry exporter refused by the backend it exports to (OpenTelemetry collector: "Exporting
            # failed. Will retry the request after interval. ... dial tcp 127.0.0.1:9009: connect: connection refused")
            _r(r"Exporting failed\.[^\n]{0,600}\b(?:connection refused|ECONNREFUSED)", 0.85,
               "OpenTelemetry exporter refused by its backend", any_level=True),
            # round 13, a cluster member refused by its peers' gossip port (MetalLB's memberlist: "Failed to join
            # 10.100.100.135:7946: dial tcp 10.100.100.135:7946: connect: connection refused")
            _r(r"\bFailed to join [^ \n]+:[0-9]{1,5}: dial tcp [^\n]{0,80}\bconnection refused\b", 0.85,
               "memberlist peers refusing"),
            # round 13, an alert notifier refused by the relay or receiver it sends to (Alertmanager: "Notify for alerts
            # failed" num_alerts=1 err="dial tcp 127.0.0.1:25: getsockopt: connection refused", "Error on notify: ...")
            _r(r"\b(?:Notify for (?:[0-9]+ )?alerts failed|Error on notify)\b[^\n]{0,300}\bconnection refused\b", 0.85,
               "Alertmanager's receivers refusing"),
            # round 13, a log collector refused by the Docker daemon's API it lists containers from (Vector's
            # docker_logs source: "Listing currently running containers failed. error=error trying to connect:
            # Connection refused (os error 111)") and an autoscaler refused by the Prometheus it queries (KEDA:
            # "prometheus_scaler error executing prometheus query ... connect: connection refused")
            _r(r"\bListing currently running containers failed\b[^\n]{0,200}\bConnection refused\b|\berror executing "
               r"prometheus query\b[^\n]{0,400}\bconnection refused\b", 0.85, "the API a collector or scaler reads"),
            # round 13, a metrics adapter or CLI that gave up waiting for the server it needs (KEDA: "timeout while
            # waiting to establish gRPC connection to KEDA Metrics Service server"; helmsman: "timeout reached while
            # waiting for helm Tiller to be ready")
            _r(r"\btimeout while waiting to establish gRPC connection to\b|\btimeout reached while waiting for "
               r"[^\n]{0,60}\bto be ready\b", 0.8, "a client that gave up waiting for its server"),
            # round 13, a Rust controller's Kubernetes client that cannot connect to the API server (kube-rs:
            # "kube_client::client::builder: failed with error client error (Connect)")
            _r(r"\bkube_client::[a-z_:]+: failed with error client error \(Connect\)", 0.8,
               "kube-rs client and the API server"),
            # round 14, a data platform's client losing or refused by the coordination service, pool or broker it
            # needs: ZooKeeper's client ("Socket error occurred: zoo1/172.28.0.2:2181: Connection refused", at INFO),
            # gRPC's transport ("addrConn.resetTransport failed to create client transport: connection error: ...
            # connection refused"), PgBouncer ("closing because: pgbouncer cannot connect to server"), Temporal ("no
            # usable database connection found"), Celery's Redis ("Connection to Redis lost: Retry (14/20)"; its
            # "Connection to broker lost. Trying to re-establish the connection..." is left: round 1 labels it none,
            # round 14 service_dependency), Harbor's Redis ("failed
            # to ping redis://redis:6379 ..."), Keycloak's pool ("Datasource '<default>': Connection to localhost:5432
            # refused"), TiDB and TiKV ("send tikv request error: ... connection refused", "TiKV server timeout"),
            # Flink's TaskManager and its ResourceManager, ProxySQL shunning a backend
            _r(r"\bSocket error occurred: [^ \n]+:[0-9]{1,5}: (?:Connection refused|Host is unreachable|No route to "
               r"host)\b", 0.85, "ZooKeeper client", any_level=True),
            _r(r"\baddrConn\.(?:resetTransport|createTransport) failed to (?:create client transport|connect to)\b"
               r"[^\n]{0,300}\bconnection refused\b", 0.8, "gRPC client transport refused"),
            _r(r"\bpgbouncer cannot connect to server\b|\bno usable database connection found\b|\bConnection to "
               r"Redis lost: Retry\b|\bfailed to ping redis://|\bDatasource '[^'\n]*': Connection to [^ \n]+ "
               r"refused\b|\bsend tikv request error: [^\n]{0,300}\bconnection refused\b|\bTiKV server timeout\b",
               0.8, "pools and brokers of data platforms (PgBouncer, Temporal, Celery, Harbor, Keycloak, TiDB)"),
            _r(r"\bCould not resolve ResourceManager address\b|\bCould not register at the ResourceManager within\b|"
               r"\bAssociation with remote system \[[^]\n]+\] has failed\b[^\n]{0,300}\bConnection refused\b", 0.8,
               "Flink TaskManager and its JobManager"),
            _r(r"\bShunning server [^ \n]+:[0-9]{1,5} with [0-9]+ errors/sec\b", 0.8, "ProxySQL backend"),
            # round 14 (B), more clients of data platforms that cannot reach what they need: ProxySQL's backend
            # handshake ("Failed to mysql_real_connect() on ... 2013: Lost connection to MySQL server at 'handshake:
            # ..."), TiKV and PD ("PD endpoint pd1:2379 failed to respond: ... Unavailable ... Connect Failed", "PD
            # cluster failed to respond"), TiDB's bootstrap check ("[fatal] check bootstrapped err ..."), a JDBC
            # client's refusal in the PostgreSQL driver's words ("Connection to postgres:5432 refused. Check that the
            # hostname and port are correct and that the postmaster is accepting TCP/IP connections.")
            _r(r"\bFailed to mysql_real_connect\(\) on [^\n]{0,120}\b2013: Lost connection to MySQL server\b|\bPD "
               r"endpoint [^ \n]+ failed to respond: [^\n]{0,100}\bUnavailable\b|\bPD cluster failed to respond\b|"
               r"\bcheck bootstrapped err\b|\bConnection to [^ \n]+ refused\. Check that the hostname and port are "
               r"correct\b", 0.8, "ProxySQL, TiKV and TiDB, the PostgreSQL JDBC driver"),
            # round 15, a distributed job's worker cut off from its control service or database: Ray ("Failed to connect
            # to GCS within 60 seconds. GCS may have been killed."), the Go MySQL driver's reconnect loop of Kubeflow's
            # API server ("[mysql] 2024/08/11 18:25:14 packets.go:37: unexpected EOF")
            _r(r"\bFailed to connect to GCS within [0-9]+ seconds\b|^\[mysql\] [0-9/: ]+packets\.go:[0-9]+: "
               r"unexpected EOF", 0.8, "Ray's GCS, the Go MySQL driver"),
            # round 15 (B), more of Ray's ("Failed to connect to GCS. Please check `gcs_server.out`", "Unable to connect
            # to GCS at 10.0.53.19:49650", "[RayletClient] Raylet connection closed.") and a surviving NCCL rank's peer
            # gone ("NCCL error: remote process exited or there was a network error", "ncclRemoteError: ...",
            # "socketProgress: Connection closed by remote peer")
            _r(r"\bFailed to connect to GCS\.|\bUnable to connect to GCS at\b|\bRaylet connection closed\b|\bNCCL "
               r"error: remote process exited or there was a network error\b|\bncclRemoteError\b|\bsocketProgress: "
               r"Connection closed by remote peer\b", 0.8, "Ray's GCS and raylet, NCCL peers"),
            # round 16, gateways and tunnels whose upstream, store or server is gone: APISIX's balancer with no server
            # left ("failed to pick server: failed to find valid upstream server, all upstream servers tried") and its
            # configuration store ("all etcd nodes are unavailable"), cloudflared's origin ("Unable to reach the origin
            # service. The service may be down ...", "unable to connect to the origin"), frpc's server ("[W]
            # [service.go:128] login to server failed: EOF"; its "i/o timeout" stays network_timeout), Tyk's Redis
            # ("storage: Redis is either down or was not configured", also misspelt "ws"), the Vault Agent's auth to
            # Vault cut ('auth.handler: error authenticating: error="read tcp ...:8200: read: connection reset by
            # peer"'), ngrok's tunnel session ('failed to reconnect session ... err="dial tcp: lookup tunnel.ngrok.com
            # ...'; one that went through a few lines later is over: "reconnect" is a retry word)
            _r(r"\bfailed to find valid upstream server, all upstream servers tried\b|\ball etcd nodes are "
               r"unavailable\b|\bUnable to reach the origin service\b|\bunable to connect to the origin\b|"
               r"\blogin to server failed: (?:EOF|[^\n]*connection refused)|\bstorage: Redis is either down or "
               r"w(?:a)?s not configured\b|\bauth\.handler: "
               r"error authenticating: error=\"(?:read|write|dial) tcp [^\"\n]*(?:connection reset by peer|connection "
               r"refused|i/o timeout)|\bfailed to reconnect session\b", 0.8,
               "APISIX, cloudflared, frpc, Tyk, the Vault Agent, ngrok"),
            # round 16 (B), more gateways and identity services without what they need: Kong's tracing reporter
            # ("reporter flush failed to request: connection refused", a collector that refuses), a CloudNativePG
            # replica's WAL receiver ("could not connect to the primary server: ...", logged in an info record),
            # authentik's Redis ("Redis Connection failed, retrying... (Error -3 connecting to redis:6379 ...)", at
            # info), Tyk's Redis in more words ("Redis disconnected or error received, attempting to reconnect: ...",
            # "Connection to Redis failed: ...", "Could not EXPIRE key: dial tcp: lookup redis ...")
            _r(r"\breporter flush failed to request: connection refused\b|\bcould not connect to the primary server: |"
               r"\bRedis Connection failed, retrying\b|\bRedis disconnected or error received, attempting to "
               r"reconnect: |\bConnection to Redis failed: |\bCould not EXPIRE key: dial tcp: ", 0.85,
               "Kong's tracing reporter, CloudNativePG replicas, authentik, Tyk", any_level=True),
            # round 17, CI agents, runners and developer services cut off from what they need: Drone's agent ("grpc:
            # the connection is unavailable") and Woodpecker's ("connection closed before server preface received", its
            # server not answering), Mattermost's database ("Failed to ping db err:dial tcp: lookup mysql ...: no such
            # host", or refused; its "i/o timeout" stays network_timeout), a GitLab
            # Runner whose server answers 502/503/504 ("Checking for jobs... failed runner=... status=503 Service
            # Temporarily Unavailable"), sccache's Redis backend ("service=redis operation=read ... failed: ... I/O
            # error"), Zulip's Tornado queue client ("TornadoQueueClient couldn't connect to RabbitMQ, retrying")
            _r(r"\bgrpc: the connection is unavailable\b|\bconnection closed before server preface received\b|\bFailed "
               r"to ping db\b[^\n]*\b(?:no such host|connection refused)\b|\bChecking for jobs\.\.\. failed\b[^\n]*"
               r"\bstatus=50[234]\b|\bservice=redis operation=[a-z]+\b[^\n]*\bfailed: [^\n]*\bI/O error\b|"
               r"\bcouldn't connect to RabbitMQ\b", 0.8,
               "Drone and Woodpecker agents, Mattermost, GitLab Runner, sccache, Zulip"),
            # round 17 (B), more CI agents and developer services without their server, database or broker: a gRPC agent
            # whose server's name the resolver refuses ("transport: Error while dialing: dial tcp: lookup
            # woodpecker-server on 10.126.0.1:53: read udp ...: connection refused"), Drone's agent ("POST
            # http://localhost:8080/rpc/v1/request request failed: ... connection refused"), Mattermost's store ("panic:
            # Failed to open sql connection dial tcp ..."), GitLab Runner's docker+machine host ('error during connect:
            # Post "https://10.0.48.179:2376/..."'), Concourse's beacon ("beacon.forward-conn.failed-to-dial"), a
            # Jenkins inbound agent ("SEVERE: Failed to connect to jenkins:50000"), Zulip's RabbitMQ
            # ("TornadoQueueClient lost connection to RabbitMQ, reconnecting", "Failed to reconnect to RabbitMQ"),
            # coderd's PostgreSQL ("pubsub disconnected from postgres", "pubsub failed to dial postgres") and its
            # built-in one ("Failed to start built-in PostgreSQL")
            _r(r"\bError while dialing:? dial tcp: lookup [^ \n]+ on [^ \n]+: [^\n]*connection refused|/rpc/v[0-9]+/"
               r"[a-z]+ request failed: [^\n]*connection refused|\bFailed to open sql connection\b|\berror during "
               r"connect: [A-Za-z]+ \\?\"https?://[^/\" \n]+:237[56]/|\bbeacon\.forward-conn\.failed-to-dial\b|"
               r"^SEVERE: Failed to connect to [^ \n]+:[0-9]{1,5}$|\blost connection to RabbitMQ\b|\bFailed to "
               r"reconnect to RabbitMQ\b|\bpubsub (?:disconnected from|failed to dial) postgres\b|\bFailed to start "
               r"built-in PostgreSQL\b", 0.85,
               "Woodpecker, Drone, Mattermost, GitLab Runner, Concourse, Jenkins agents, Zulip, coderd",
               caseless=False),
            # round 18, configuration-management agents and cluster daemons without their server: a Puppet agent's
            # server on 8140 ('Failed to open TCP connection to puppet:8140 (Connection refused - connect(2) ...'),
            # Chef's client and knife ("ERROR: Connection refused connecting to https://chef/organizations/x/nodes/y,
            # retry 1/5"), pacemakerd's Corosync ("Could not connect to Corosync CMAP: CS_ERR_LIBRARY", at info while it
            # retries), iscsiadm's discovery portal ("Connection to Discovery Address 10.0.0.1 failed"), MAAS's rack
            # controller ("Region not available: Connection was refused by other side"), libpq's server behind no route
            # ("could not connect to server: No route to host")
            _r(r"\bFailed to open TCP connection to [^ \n]+:8140 \(Connection refused\b|\bConnection refused "
               r"connecting to https?://[^ \n]+, retry [0-9]+/[0-9]+|\bCould not connect to Corosync CMAP\b|"
               r"\bConnection to Discovery Address [^ \n]+ failed\b|\bRegion not available: Connection was refused\b|"
               r"\bcould not connect to server: No route to host\b", 0.85,
               "Puppet and Chef agents, pacemakerd, iscsiadm, MAAS, libpq", any_level=True),
            # round 18 (B), more of what the host's services need gone: an iSCSI target's connection closed (iscsid:
            # "ISCSI_ERR_TCP_CONN_CLOSE: TCP connection closed", the kernel's "connection3:0: detected conn error
            # (1020)"), libpq's local socket ("could not connect to server: No such file or directory"), Apache 2.2's
            # proxy backend ("(111)Connection refused: proxy: HTTP: attempt to connect to 127.0.0.1:8212 (*) failed")
            _r(r"\bISCSI_ERR_TCP_CONN_CLOSE\b|\bconnection[0-9]+:[0-9]+: detected conn error \(1020\)|\bcould not "
               r"connect to server: No such file or directory\b|\bproxy: HTTP: attempt to connect to [^ \n]+ \(\*\) "
               r"failed\b", 0.85, "iscsid and the kernel's iSCSI, libpq, Apache mod_proxy"),
            # round 19, rspamd's Lua plug-ins without their Redis ("lua_redis.lua:1231: cannot execute redis request to
            # load script on /run/redis/redis.sock", "fann_redis.lua:207: cannot execute redis request",
            # "lua_redis.lua:806: cannot upload script to 127.0.0.1: Connexion refusée") and Kamailio's control tools
            # without the server ("connect_unix_sock: connect(/var/run/kamailio//kamailio_ctl): No such file or
            # directory")
            _r(r"\b[a-z_]*redis\.lua:[0-9]+: cannot (?:execute redis request|upload script to)\b|\bconnect_unix_sock: "
               r"connect\(/[^)\n]+\): (?:No such file or directory|Connection refused)\b", 0.85,
               "rspamd's Redis, Kamailio's control socket"),
            # round 19 (B), mail and chat daemons without the service they hand work to: Postfix's SASL and milter
            # sockets ("warning: SASL: Connect to private/auth failed: No such file or directory", "SASL: Connect to
            # inet:dovecot:10001 failed: Connection refused", "connect to Milter service
            # unix:/run/opendkim/opendkim.sock: No such file or directory"), a Matrix bridge's homeserver ("Connection
            # to homeserver failed, retrying in 10 seconds", "Failed to connect to homeserver: ... code=502"; not a 401,
            # a token it must be given), Jicofo's XMPP server ("The following addresses failed: 'RFC 6120 A/AAAA
            # Endpoint + [xmpp.example:5222] ..."), an Erlang node's RPC peer ("{badrpc,econnrefused}")
            _r(r"\bSASL: Connect to (?:private/[a-z_-]+|inet:[^ \n]+) failed: (?:No such file or directory|Connection "
               r"refused)\b|\bconnect to Milter service [^ \n]+: (?:No such file or directory|Connection refused)\b|"
               r"\bFailed to connect to homeserver\b[^\n]*\bcode=5[0-9]{2}\b|\bConnection to homeserver failed\b|"
               r"\bThe following addresses failed: 'RFC 6120 |\{badrpc,econnrefused\}", 0.85,
               "Postfix's SASL and milters, Matrix bridges, Jicofo, Erlang RPC", any_level=True),
            # round 20, batch schedulers' clients and daemons without their server: Slurm's database daemon
            # ("slurm_persist_conn_open_without_init: failed to open persistent connection to host:localhost:6819:
            # Connection refused"; its "Connection timed out" stays a timeout) and controller ("Unable to contact slurm
            # controller (connect failure)"), slurmd without the system bus in a pod ("cannot connect to dbus system
            # daemon: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory"), TORQUE's
            # clients ("Unable to communicate with mom01(11.11.11.100)", "Cannot connect to default server host 'x' -
            # check pbs_server daemon and/or trqauthd.", "qstat: cannot connect to server x (errno=111) Connection
            # refused"), Open MPI's launcher ("ORTE has lost communication with a remote daemon.")
            _r(r"\bslurm_persist_conn_open(?:_without_init)?: failed to open persistent connection to [^ \n]+: Connecti"
               r"on refused\b|\bUnable to contact slurm controller \(connect failure\)|\bcannot connect to dbus system "
               r"daemon: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory\b|\bUnable "
               r"to communicate with [^ \n(]+\(|\bCannot connect to (?:specified|default) server host '|\bq[a-z]+: cann"
               r"ot connect to server [^ \n,]+|^ORTE has lost communication with a remote daemon\.",
               0.85, "Slurm, TORQUE, Open MPI", any_level=True),
            # round 20, distributed file systems' servers and clients cut off from their master or metadata service:
            # SeaweedFS's volume server ("checkWithMaster 10.0.0.1:9333: get master 10.0.0.1:9333 configuration: rpc
            # error: code = Unavailable"), a Gluster brick's volfile servers ("0-glusterfsd-mgmt: disconnected from
            # remote-host: 10.10.10.12", "Exhausted all volfile servers", logged at I), CernVM-FS's catalog ("Failed to
            # initialize root file catalog (16 - file catalog failure)"), Lustre's management and metadata targets
            # ("Request sent has failed due to network error", "operation obd_ping to node 172.31.126.88@o2ib failed: rc
            # = -107")
            _r(r"\bcheckWithMaster [^ \n]+: get master [^ \n]+ configuration: rpc error: code = Unavailable\b|\b0-glust"
               r"erfsd-mgmt: (?:disconnected from remote-host|Exhausted all volfile servers)\b|\bFailed to initialize r"
               r"oot file catalog \([0-9]+ - file catalog failure\)|\bRequest sent has failed due to network error\b|\b"
               r"operation [a-z_]+ to node [^ \n]+ failed: rc = -107\b",
               0.85, "SeaweedFS, GlusterFS, CernVM-FS, Lustre", any_level=True),
            # round 20 (B), cluster clients without the daemon they talk to: MUNGE's socket ('Munge encode failed:
            # Failed to access "/run/munge/munge.socket.2": No such file or directory', and "Resource temporarily
            # unavailable (retrying ...)" at debug), slurmdbd refusing sacctmgr ("Sending PersistInit msg: Connection
            # refused"), TORQUE's authorisation daemon ("socket_connect_unix failed: 15137"), Open MPI's remote daemons
            # ("An ORTE daemon has unexpectedly failed after launch and before"), SeaweedFS's master ("Volume Server
            # Failed to talk with master", "heartbeat error: rpc error: code = Unavailable", logged at I), a MooseFS
            # chunkserver ("connection was reset by Master"), radosgw without its cluster ("-1 Initialization timeout,
            # failed to initialize.")
            _r(r"\bMunge encode failed: (?:Unable to access|Failed to access|Failed to connect to) \"[^\"\n]*munge\.soc"
               r"ket[^\"\n]*\": (?:No such file or directory|Connection refused|Resource temporarily unavailable)\b|\bS"
               r"ending PersistInit msg: Connection refused\b|\bsocket_connect_unix failed: [0-9]+\b|^An ORTE daemon ha"
               r"s unexpectedly failed after launch\b|\bVolume Server Failed to talk with master\b|\b(?:SendHeartbeat\("
               r"_\) = _, rpc error|heartbeat error: rpc error): code = Unavailable\b|\bmfschunkserver\[[0-9]+\]: conne"
               r"ction was reset by Master\b|\bInitialization timeout, failed to initialize\.",
               0.85, "MUNGE, Slurm, TORQUE, Open MPI, SeaweedFS, MooseFS, radosgw", any_level=True),
            # round 21, IoT services without their broker, daemon or database: Zigbee2MQTT giving up on MQTT ("MQTT
            # failed to connect, exiting..." alone; with the broker's "Not authorized" it is an authentication answer),
            # Home Assistant without pigpiod ("Can't connect to pigpio at localhost(8888)"), EdgeX without its database
            # ('msg="couldn\'t create database client: no reachable servers"', at WARN), a client refused on a daemon's
            # unix socket ("connect ECONNREFUSED /var/run/balena-engine.sock", supervisorctl's
            # "unix:///run/supervisord.sock refused connection")
            _r(r"\bMQTT failed to connect, exiting\.\.\.[ \t]*$|\bCan't connect to pigpio at [^ \n]+\([0-9]+\)|"
               r"\bcouldn't create database client: no reachable servers\b|\bconnect ECONNREFUSED /[^ \n]+\.sock\b|"
               r"\bunix:///[^ \n]+\.sock refused connection\b", 0.85,
               "Zigbee2MQTT, pigpio, EdgeX, balena, supervisord", any_level=True),
            # round 21 (B), more clients without their server: KubeEdge's edge core refused by cloudcore ("error when
            # init websocket connection: dial tcp 0.0.0.0:10000: connect: connection refused"), CoreDNS and other
            # informers refused by the API server ('Failed to list *v1.Namespace: Get https://10.43.0.1:443/api/v1/...:
            # dial tcp ...: connect: connection refused'; its i/o timeout stays a timeout), EdgeX without its
            # configuration provider ("unable to update configuration from provider in allotted time"), the balena CLI
            # on a daemon socket that hung up ("error during connect: Post http://%2Fvar%2Frun%2Fbalena-engine.sock/...:
            # EOF"), a Jetson camera without its daemon ("Connecting to nvargus-daemon failed: No such file or
            # directory")
            _r(r"\berror when init websocket connection: dial tcp [^ \n]+: connect: connection refused\b|\bFailed to (?"
               r":list|watch) \*v1\.[A-Za-z]+: Get \"?https://[^ \n]+/api[^\n]*: connect: connection refused\b|\bunable"
               r" to update configuration from provider in allotted time\b|\berror during connect: [A-Z]+ https?://%2F["
               r"^ \n]+\.sock/|\bConnecting to [a-z][a-z0-9_-]*-daemon failed: No such file or directory\b",
               0.85, "KubeEdge, Kubernetes informers, EdgeX, balena, Jetson's Argus"),
            # round 22, apps without their backing service: redis-py's ("Error -5 connecting to broker:6379. No address
            # associated with hostname"), node-fetch to a service name that does not resolve ("FetchError: request to
            # https://ocis:9200/... failed, reason: getaddrinfo ENOTFOUND ocis"). (The *arr apps' "Failed to connect to
            # qBittorrent, check your settings." is left alone: its cause, a timeout or a 404, is on the next line.)
            _r(r"\bError -?[0-9]+ connecting to [^ \n:]+:[0-9]+\. |\bFetchError: request to https?://[^ \n]+ failed, "
               r"reason: getaddrinfo ENOTFOUND\b", 0.85, "redis-py, node-fetch"),
            # round 22 (B), more backing services: Redis unreachable from Node.js ("Error: connect EHOSTUNREACH
            # 172.18.0.2:6379"), Radarr's download client ("DownloadClientException: Unable to connect to uTorrent,
            # please check your settings"). (Celery's "consumer: Connection to broker lost. Trying to re-establish the
            # connection..." is left alone: a failure in some threads, a blip it recovers from in others.)
            _r(r"\bconnect EHOSTUNREACH [0-9.]+" + _DEP_PORTS + r"|\bDownloadClientException: Unable to connect to "
               r"[A-Za-z]+, please check your settings\b", 0.85, "Node.js to Redis, Radarr"),
            # round 23, control clients without their daemon: Libreswan's whack ('whack: Pluto is not running (no
            # "/run/pluto/pluto.ctl")'), unbound-control ("error: connect: Connection refused for 127.0.0.1 port 8953"),
            # Knot's libknot ("KnotCtlError: connection reset"), rec_control ("Unable to connect to remote
            # '/var/run/pdns_recursor.controlsocket'"), calicoctl ("Couldn't connect to gobgp."), Wazuh's modules
            # ("Unable to reconnect to 'queue/sockets/queue': Connection refused"; the agent's "Lost connection with
            # manager." is left alone: the agent reconnects on its own in most threads)
            _r(r"\bwhack: Pluto is not running\b|\bunbound-control\[[0-9:]+\] error: connect: Connection refused\b|"
               r"\bKnotCtlError: connection reset\b|\bUnable to connect to remote '/[^'\n]+\.controlsocket'|\bCouldn't "
               r"connect to gobgp\b|\bUnable to reconnect to 'queue/sockets/[a-z]+': "
               r"Connection refused\b", 0.85, "Libreswan, Unbound, Knot, PowerDNS, GoBGP, Wazuh", any_level=True),
            # round 23 (B), more clients without their daemon: Headscale's DERP map through a local resolver that does
            # not answer yet ("Could not load DERP map from path error=... lookup controlplane.tailscale.com on
            # 127.0.0.1:53"), whack ('whack: is Pluto running?  connect() for "/var/run/pluto/pluto.ctl" failed (111
            # Connection refused)'), CrowdSec's agent and bouncer refused by its Local API ("auth-api: auth with api key
            # failed return nil response, error: dial tcp 127.0.0.1:8080: connect: connection refused", ".../v1/
            # decisions/stream...: connection refused"), Wazuh's daemons without the agent's queue ("ERROR: socketerr
            # (not available).", "Unable to send message to 'queue/sockets/queue' (wazuh-agentd might be down)",
            # "(1224): Error sending message to queue.", "At wm_sendmsg(): Unable to send message to queue")
            _r(r"\bCould not load DERP map from path\b|\bwhack: is Pluto running\?|\b(?:authenticate watcher|auth-api:"
               r" auth with api key failed)\b[^\n]*\bconnection refused\b|/v1/decisions/stream[^\n]*\bconnection refus"
               r"ed\b|\b(?:wazuh|ossec)-[a-z]+: ERROR: (?:socketerr \(not available\)|Unable to send message to 'queue"
               r"/sockets/queue'|\(1224\): Error sending message to queue|At wm_sendmsg\(\): Unable to send message to"
               r" queue)", 0.85, "Headscale, Libreswan, CrowdSec, Wazuh", any_level=True),
            # round 24, a client whose gRPC server has no address or could not be dialled (kiam's agent: "rpc error:
            # code = Unavailable desc = resolver returned no addresses", "error dialing grpc server: context deadline
            # exceeded"), a node agent unable to reach the local service it reports through ("Unable to connect to OMI
            # service. (Is OMI installed and started?)"), the instance metadata service answering 5xx ("Unable to fetch
            # metadata from IMDS")
            _r(r"\bcode = Unavailable desc = (?:resolver returned no addresses|there is no address available)\b|\ber"
               r"ror dialing grpc server: context deadline exceeded\b|\bUnable to connect to [A-Za-z][A-Za-z0-9 ._-]{0,"
               r"40} service\b|\bUnable to fetch metadata from IMDS\b|\(Is [A-Za-z][A-Za-z0-9._-]{0,40} installed and "
               r"started\?\)", 0.8,
               "kiam, LAD/mdsd, node-termination-handler"),
            # round 25, a server without its database or cache (Odoo, at INFO: "odoo.sql_db: Connection to the
            # database failed"; Outline: "Retrying redis connection: attempt 3"), electrs without bitcoind ("failed
            # to connect daemon at 127.0.0.1:8332", "daemon not available", "bitcoind RPC polling failed")
            _r(r"\bsql_db: Connection to the database failed\b|\bRetrying redis connection: attempt [0-9]+|\bfailed to "
               r"connect daemon at\b|[0-9]: daemon not available$|\bbitcoind RPC polling failed\b", 0.8,
               "Odoo, Outline, electrs", caseless=False, any_level=True),
            # round 25, lnd without its bitcoind ("unable to connect to bitcoind: unable to subscribe for zmq block
            # events: dial tcp 127.0.0.1:28332: connect: connection refused"), IPFS Cluster without its IPFS daemon
            # ("error posting to IPFS: Post ...: connection refused"): refusals that name the daemon they need
            _r(r"\bunable to (?:connect to bitcoind|subscribe for zmq [a-z]+ events)\b|\berror posting to IPFS\b", 0.8,
               "lnd, IPFS Cluster", caseless=False),
            # round 26, a client whose daemon's unix socket is not there ("OMV\Rpc\Exception: Failed to connect to
            # socket: No such file or directory", "Failed to connect /var/lib/openmediavault/engined.sock: [Errno 2] No
            # such file or directory", collectd: "Failed to connect to RRDCacheD at unix:/var/run/rrdcached.sock: Unable
            # to connect to rrdcached: No such file or directory", Synology: "channel[/run/x.socket] construct failed:
            # connect: No such file or directory"): the daemon is down, the path is its own
            _r(r"\b(?:[Ff]ailed to connect|[Uu]nable to connect|construct failed: connect)\b[^\n]{0,120}"
               r"(?:socket|\.sock)\b[^\n]{0,80}: (?:\[Errno 2\] )?No such file or directory\b", 0.8,
               "a daemon's unix socket missing", caseless=False),
            # round 26, NUT's monitor without its UPS driver ("UPS ups@10.0.0.15 is unavailable", "Poll UPS [eco650]
            # failed - Driver not connected", "Data for UPS [apcupsd] is stale - check driver", "can't communicate with
            # apcupsd!"; not "Communications with UPS x lost", which also flaps on a healthy link), a Selenium node
            # without its hub ("The hub is down or not responding", "Connecting to tcp://selenium-hub:4442 and
            # tcp://selenium-hub:4443 failed"), Gotenberg without its LibreOffice listener ("LibreOffice socket not
            # available", "waiting for the LibreOffice listener socket to be available"), Docker Desktop without the
            # WSL service ("Failed to check distro: exit code: -1", " stdout: Server execution failed")
            _r(r"\bUPS [^ \n]+ is unavailable\b|\bPoll UPS \[[^\]\n]+\] failed - Driver not connected\b|\bData for UPS "
               r"\[[^\]\n]+\] is stale - check driver\b|\bcan't communicate with apcupsd!|\bThe hub is down or not "
               r"responding\b|\bConnecting to tcp://[^ \n]+ and tcp://[^ \n]+ failed\b|\bLibreOffice "
               r"(?:listener )?socket (?:not available|to be available)\b|\bFailed to check distro: exit code: -1\b|"
               r"^ stdout: Server execution failed$", 0.8, "NUT, Selenium Grid, Gotenberg, Docker Desktop (WSL)",
               caseless=False, any_level=True),
            # round 27, clients of a hypervisor's daemon that is not there (virsh over ssh: "nc: unix connect failed:
            # No such file or directory"; not virsh's and virt-manager's summaries "error: failed to connect to the
            # hypervisor", "Unable to connect to libvirt qemu:///system.", which round 18 labels `none` where the cause
            # follows on the next line; VBoxManage: "the VirtualBox COM server is not running or failed to start", "Code
            # CO_E_SERVER_EXEC_FAILURE (0x80080005)"; VDSM: "MOM not available"; pve-ha-crm: "unable to open watchdog
            # socket - No such file or directory")
            _r(r"\bnc: unix connect failed: No such file or directory\b|"
               r"\bthe VirtualBox COM server is not running or failed to start\b|"
               r"\bCO_E_SERVER_EXEC_FAILURE \(0x80080005\)|\bMOM not available\b|"
               r"\bunable to open watchdog socket - No such file or directory\b", 0.8,
               "libvirt clients, VirtualBox, VDSM, Proxmox VE HA", caseless=False, any_level=True),
            # round 28, servers that name the backing store they cannot reach (Rocket.Chat: "Mongo is not available,
            # can't start", "failed to connect to [mongodb:27017]"; Lemmy: "Error connecting to database"; an
            # entrypoint's "Connecting to database...failed"; a Rust service's panic "Redis connection:
            # FailedConnection", above the panic rule), a log shipper without its destination (Fluent Bit: "no upstream
            # connections available"; Logstash: "failure to reach a live Elasticsearch cluster"), Kibana without
            # Elasticsearch ("Unable to revive connection: "), an Elasticsearch node without its masters ("not enough
            # master nodes discovered during pinging"), Solr without ZooKeeper ("Failed to connect to the zookeeper")
            _r(r"\bMongo is not available, can't start\b|\bfailed to connect to \[mongodb:[0-9]+\]|"
               r"\bError connecting to database\b|\bConnecting to database\.\.\.failed\b|"
               r"\bRedis connection: FailedConnection\b|\bno upstream connections available\b|"
               r"\bfailure to reach a live Elasticsearch cluster\b|\bUnable to revive connection: |"
               r"\bnot enough master nodes discovered during pinging\b|\bFailed to connect to the zookeeper\b", 0.8,
               "Rocket.Chat, Lemmy, Fluent Bit, Logstash, Kibana, Elasticsearch, Solr", caseless=False,
               any_level=True),
            # round 29, schedulers and registries without the service they need (Luigi: "Failed connecting to remote
            # scheduler", "Errors (3 attempts) when connecting to remote scheduler"; Azkaban: "No active executors
            # found"; Elasticsearch's transport client: "NoNodeAvailableException[None of the configured nodes are
            # available"; Pulp: "Connection to Redis failed during status check!"; act_runner: "Docker Engine socket not
            # found"; Harbor's containers without its log collector: "failed to initialize logging driver: dial tcp
            # 127.0.0.1:1514: connect: connection refused"; Artifactory: "failed: Registration with router on URL"; Ruby
            # pg: "PG::UnableToSend: no connection to the server")
            _r(r"\bwhen connecting to remote scheduler\b|\bFailed connecting to remote scheduler\b|"
               r"\bNo active executors found\b|"
               r"\bNoNodeAvailableException\[None of the configured nodes are available\b|"
               r"\bConnection to Redis failed during status check\b|\bDocker Engine socket not found\b|"
               r"\bfailed to initialize logging driver: dial tcp [^ \n]+: connect: connection refused\b|"
               r"\bfailed: Registration with router on URL\b|\bPG::UnableToSend: no connection to the server\b", 0.8,
               "Luigi, Azkaban, Elasticsearch clients, Pulp, act_runner, Harbor, Artifactory, Ruby pg", caseless=False,
               any_level=True),
            # round 30, a client that cannot reach the service it needs (MySQL Connector/J: "Communications link
            # failure" and "The last packet sent successfully to the server was 0 milliseconds ago. The driver has not
            # received any packets from the server."; the API server calling an admission webhook whose service is down:
            # 'failed calling webhook "webhook.cert-manager.io": Post ...'; an OpenBao/Vault node joining a Raft leader
            # it cannot reach: "failed to get raft challenge: leader_addr=")
            _r(r"Communications ?Exception: Communications link failure\b|\bThe driver has not received any packets "
               r"from the server\b|\bfailed calling webhook \\?\"[^\"\\\n]+\\?\": |\bfailed to get raft challenge: "
               r"leader_addr=", 0.8, "MySQL Connector/J, admission webhooks, Vault/OpenBao Raft", caseless=False,
               any_level=True),
            # round 31, a client without the service it needs: a Kubernetes client's reflector that cannot route to the
            # API server ("Failed to list *v1.Endpoints: Get https://10.96.0.1:443/...: dial tcp 10.96.0.1:443: connect:
            # no route to host"; the i/o timeout form is read both ways and stays network_timeout); the Thanos sidecar
            # refused by its Prometheus ('msg="heartbeat failed" err="request flags against http://localhost:9090/...');
            # Zabbix's database ("[Z3001] connection to database 'zabbix' failed:"); clients of a container runtime's
            # daemon ("Couldn't connect to Docker daemon at http+docker://localhost - is it running?", "The incus daemon
            # doesn't appear to be started", "rootless containerd not running?", dockerd's "Error while dialing: dial
            # unix:///run/containerd/containerd.sock: timeout")
            _r(r"\b[Ff]ailed to (?:list|watch) \*v1\.[A-Za-z]+: [^\n]{0,400}: dial tcp [^ \n]+:443: connect: "
               r"no route to host\b|\bmsg=\\?\"heartbeat failed\\?\" err=\\?\"request flags against http|"
               r"\[Z3001\] connection to database '[^'\n]*' failed: |"
               r"\bCouldn't connect to Docker daemon at [^ \n]+ - is it running\?|"
               r"\bThe (?:incus|LXD|lxd) daemon doesn't appear to be started\b|\brootless containerd not running\?|"
               r"\bError while dialing: dial unix://?/[^ \n\"\\]+/containerd\.sock: timeout\b", 0.8,
               "client-go reflectors, Thanos, Zabbix, Docker and LXD/Incus clients, dockerd", caseless=False,
               any_level=True),
            # round 32, brokers, poolers and storage daemons without the peer or server they need: Erlang's distribution
            # refused by epmd ("Protocol 'inet_tcp': register/listen error: econnrefused"), Upstart's initctl ("Unable
            # to connect to Upstart"), an NSQ client ("error connecting to nsqd - dial tcp"), a NATS route with no route
            # to host, Kafka's ZooKeeper client ("ZooKeeperClientTimeoutException: Timed out waiting for connection",
            # "ZkTimeoutException: Unable to connect to zookeeper server"), Pgpool-II's backends ("failed to make
            # persistent db connection", 'connection to host:"x:5432" failed', "failed to create a backend 0
            # connection"), repmgrd's upstream ("unable connect to upstream node (ID: 1), terminating", "upstream node
            # must be running before repmgrd can start"), radosgw's "Initialization timeout, failed to initialize",
            # SeaweedFS's master ("failed to connect with master x:9333: rpc error: code = Unavailable", "failed to keep
            # connected to"; not the masterClient's own "failed to connect with master" at start-up, none in round 20)
            _r(r"\bProtocol 'inet6?_tcp': register/listen error: econnrefused\b|"
               r"\binitctl: Unable to connect to Upstart\b|\berror connecting to nsqd - dial tcp |"
               r"\bError trying to connect to route: dial tcp [^ \n]+: connect: no route to host\b|"
               r"\bZooKeeperClientTimeoutException: Timed out waiting for connection\b|"
               r"\bZkTimeoutException: Unable to connect to zookeeper server\b", 0.8,
               "Erlang (epmd), Upstart, NSQ, NATS, Kafka", caseless=False, any_level=True),
            _r(r"\bfailed to make persistent db connection\b|\bconnection to host:\\?\"[^\"\\\n]+\\?\" failed\b|"
               r"\bfailed to create a backend [0-9]+ connection\b|"
               r"\bunable connect to upstream node \(ID: [0-9]+\), terminating\b|"
               r"\bupstream node must be running before repmgrd can start\b|"
               r"\bInitialization timeout, failed to initialize\b|"
               r"\b(?:filer|volume|master) failed to (?:connect with master|keep connected to) [^ \n]+:[0-9]+: "
               r"rpc error: code = Unavailable\b", 0.8, "Pgpool-II, repmgr, radosgw, SeaweedFS", caseless=False,
               any_level=True),
            # round 33, a front end without the back end it needs: Apache's FastCGI proxy ("AH02454: FCGI: attempt to
            # connect to Unix domain socket /run/php/php8.2-fpm.sock (localhost:8000) failed"), xrdp's session manager
            # ("xrdp_mm_connect: connect failed trying again..."), a Node app's "Error connecting to mongodb server"; a
            # cluster's coordinator and its nodes: Trino ("Error fetching node state from http://x: Failed communicating
            # with server", "Error fetching memory info from", "Cannot connect to discovery server for announce"),
            # ClickHouse Keeper's Raft ("3 nodes (out of 4, 4 including learners) are not responding longer than 10000
            # ms"), Hadoop's failover controller ("Transport-level exception trying to monitor health of NameNode at x")
            # and IPC client ("Failed to connect to server: namenode/x:8020: try once and fail.")
            _r(r"\bFCGI: attempt to connect to Unix domain socket /[^ \n]+ \(|"
               r"\bxrdp_mm_connect: connect failed\b|\bError connecting to mongodb server\b", 0.8,
               "Apache's FastCGI proxy, xrdp, Node", caseless=False, any_level=True),
            _r(r"\bError fetching (?:node state|memory info) from http[^ \n]+: Failed communicating with server\b|"
               r"\bCannot connect to discovery server for announce\b|"
               r"\bnodes \(out of [0-9]+[^)\n]*\) are not responding longer than [0-9]+ ms\b|"
               r"\bTransport-level exception trying to monitor health of NameNode\b|"
               r"\bipc\.Client: Failed to connect to server: [^ \n]+: try once and fail\b", 0.8,
               "Trino, ClickHouse Keeper, Hadoop", caseless=False, any_level=True),
            # round 34, clients of a coordination or configuration service that cannot reach it: the Nacos client
            # ("[NACOS ConnectException httpGet] currentServerAddr:", "ServerHttpAgent - no available server", "failed
            # to req API:/nacos/v1/ns/instance after all servers("), Eureka's DiscoveryClient ("was unable to refresh
            # its cache", "TransportException: Cannot execute request on any known server"), Curator ("Background
            # operation retry gave up", "CuratorConnectionLossException: KeeperErrorCode = ConnectionLoss"), Portainer's
            # agent ("The agent was unable to contact any other agent located on a manager node"); databases and caches
            # an application platform needs (MongoDB's "no connection available for operation",
            # "MongooseServerSelectionError:", Appwrite's "Redis server redis:6379 went away" and "Error communicating
            # with Redis: Connection to Redis tcp://"); not Apollo's "Sync config failed, will retry" or Cloud Foundry's
            # router failures, read both ways here
            _r(r"\[NACOS ConnectException httpGet\] currentServerAddr:|"
               r"\bServerHttpAgent[^\n]{0,40} - no available server\b|"
               r"\bfailed to req API:/nacos/[^ \n]+ after all servers\(|\bwas unable to refresh its cache\b|"
               r"\bTransportException: Cannot execute request on any known server\b|"
               r"\bBackground (?:operation )?retry gave up\b|"
               r"\bCuratorConnectionLossException: KeeperErrorCode = ConnectionLoss\b|"
               r"\bThe agent was unable to contact any other agent located on a manager node\b",
               0.8, "Nacos, Eureka, Curator, Portainer's agent", caseless=False, any_level=True),
            _r(r"\bno connection available for operation\b|\bMongooseServerSelectionError: |"
               r"\bRedis server [^ \n]+ went away\b|\bError communicating with Redis: Connection to Redis tcp://", 0.8,
               "MongoDB drivers, Appwrite", caseless=False, any_level=True),
            # round 35, an application without its database, cache, broker or node: BTCPay Server's "NBXplorer error
            # `Connection refused (nbxplorer:32838)`" and "`Name or service not known`" (not a failed request), lncli's
            # "[lncli] rpc error: code = Unavailable", Npgsql's "NpgsqlException (0x80004005): Failed to connect to
            # 127.0.0.1:39383", "Failed to establish a connection to PostgreSQL", libpq's 'could not translate host name
            # "saleor" to address', Go's "error connecting to DB: dial tcp: lookup x" (a timeout stays network_timeout),
            # Bunny's "TCPConnectionFailedForAllHosts", Martin's "Can't retrieve connection from the pool: Timed out in
            # bb8", Mapnik's "Postgis Plugin: Bad connection"
            _r(r"\bNBXplorer error `(?:Connection refused|Name or service not known)\b|"
               r"\[lncli\] rpc error: code = Unavailable\b|"
               r"\bNpgsqlException \(0x[0-9A-F]+\): Failed to connect to |"
               r"\bFailed to establish a connection to PostgreSQL\b|"
               r"\bcould not translate host name \\?\"[^\"\\\n]+\\?\" to address\b|"
               r"\berror connecting to DB: dial tcp: lookup |"
               r"\bTCPConnectionFailedForAllHosts\b|\bCan't retrieve connection from the pool: Timed out in bb8\b|"
               r"\bPostgis Plugin: Bad connection\b", 0.8,
               "BTCPay Server, lnd, Npgsql, libpq, Go, Bunny, Martin, Mapnik", caseless=False,
               any_level=True),
            # round 36, an application without its database, identity provider or back end: HedgeDoc's "Database cannot
            # be reached. Try 1 of 30.", Sequelize's "SequelizeConnectionRefusedError" (its connect timeout is read both
            # ways), Quickwit's "Metastore service is unavailable", SQLx's "error communicating with database:", MySQL's
            # "Can't connect to server on 'db' (115)", Vaultwarden's "Error creating database pool:", ord's "failed to
            # connect to RPC URL", Linkerd's "entering failfast after 1s", Microsoft.IdentityModel's "IDX20803: Unable
            # to obtain configuration from:" and "IDX20804: Unable to retrieve document from:"; not Go's reverse proxy
            # refused ("http: proxy error: dial tcp x: connect: connection refused", connection_refused in round 22)
            _r(r"\bDatabase cannot be reached\. Try [0-9]+ of [0-9]+\b|\bSequelizeConnectionRefusedError\b|"
               r"\bMetastore service is unavailable\b|\berror communicating with database: |"
               r"\bCan't connect to server on '[^'\n]+' \([0-9]+\)|\bError creating database pool: |"
               r"\bfailed to connect to RPC URL\b|\bentering failfast after\b|"
               r"\bIDX2080[34]: Unable to (?:obtain configuration|retrieve document) from: ", 0.8,
               "HedgeDoc, Sequelize, Quickwit, SQLx, MySQL clients, Vaultwarden, ord, Linkerd, IdentityModel",
               caseless=False, any_level=True),
            # round 37, a mail or groupware front end without its mail server or store: Roundcube's "SMTP Error:
            # Connection failed: Failed to connect socket:" (not "Invalid response code received from server", none)
            # and "IMAP Error: Login failed for x ... Could not connect to ssl://host:993", SnappyMail's
            # "SocketCanNotConnectToHostException", Horde's and Nextcloud Mail's "Error connecting to mail server.",
            # "Server is not accepting SMTP connections", Kopano's "Unable to open admin session: network error",
            # 'HrLogon server "default:" user "SYSTEM": network error' and "Logon to file:///x.sock: Remote side closed
            # connection."
            _r(r"\bSMTP Error: Connection failed: (?:Failed to connect socket: | ?\(Code: -1\))|"
               r"\bIMAP Error: Login failed for [^\n]* Could not connect to [a-z]+://|"
               r"\bSocketCanNotConnectToHostException: Can't connect to host\b|\bError connecting to mail server\.|"
               r"\bServer is not accepting SMTP connections\b|\bUnable to open admin session: network error\b|"
               r"\bHrLogon server \"[^\"\n]*\" user \"[^\"\n]*\": network error\b|"
               r"\bLogon to file:///[^ \n]+: Remote side closed connection\b", 0.8,
               "Roundcube, SnappyMail, Horde, Nextcloud Mail, Kopano", caseless=False, any_level=True),
            # round 37, a scanner or log server without its scanner, cache, index or mDNS daemon: gvmd's "Could not
            # connect to Scanner at /x.sock" and "manage_update_nvt_cache_osp: failed to connect to /x.sock", gsad's
            # "libgvm util-WARNING **: 09:11:54.786: Failed to connect to server", OpenVAS's "redis connection error:",
            # "cannot access redis at '/x.sock'" and "No redis DB available", gvmd's "(Perhaps the db went down?)",
            # Graylog's "Unable to connect to ElasticSearch", OwnTone without avahi ("mdns: Failed to create service
            # browser: Bad state"); dockerize waiting for a port ("Waiting for tcp://x:236/: dial tcp ...", "Problem
            # with dial: dial tcp ...: connection refused. Sleeping 1s")
            _r(r"\bCould not connect to Scanner at /|: failed to connect to /[^ \n]+\.sock\b|"
               r"\blibgvm util-WARNING \*\*: [0-9:.]+: Failed to connect to server\b|\bredis connection error: |"
               r"\bcannot access redis at '|\bNo redis DB available\b|\(Perhaps the db went down\?\)|"
               r"\bUnable to connect to ElasticSearch\b|\bmdns: Failed to create service browser: Bad state\b|"
               r"\bWaiting for tcp://[^ \n]+: dial tcp |\bProblem with dial: dial tcp ", 0.8,
               "gvmd, gsad, OpenVAS, Graylog, OwnTone, dockerize", caseless=False, any_level=True),
            # round 38, an application or tool without its database, cluster, catalog or D-Bus service: Elixir's
            # ClickHouse client refused ("Clickhousex.Protocol (#PID<x>) failed to connect: ** (ErlangError) Erlang
            # error: :econnrefused"; not Postgrex's rejected passwords, none), the mongo shell's "couldn't connect to
            # server localhost:27017, connection attempt failed", Helm's "Kubernetes cluster unreachable", iRODS's
            # "connectToRhost error, server on x:1247 is probably down" and "svrToSvrConnect to x failed", Payara's pool
            # ("Connection could not be allocated because: The connection attempt failed."), DSpace's "Problem
            # connecting to database. This indicates issue with", D-Bus activation timing out ("Failed to activate
            # service 'org.freedesktop.fwupd': timed out")
            _r(r"\.Protocol \(#PID<[0-9.]+>\) failed to connect: \*\* \(ErlangError\) Erlang error: :econnrefused|"
               r"\bcouldn't connect to server [^ \n]+:[0-9]+, connection attempt failed\b|"
               r"\bKubernetes cluster unreachable\b|\bconnectToRhost error, server on [^ \n]+ is probably down\b|"
               r"\bsvrToSvrConnect to [^ \n]+ failed\b|"
               r"\bConnection could not be allocated because: The connection attempt failed\.|"
               r"\bFailed to activate service '[^'\n]+': timed out\b", 0.8,
               "Clickhousex, mongo shell, Helm, iRODS, Payara, D-Bus", caseless=False, any_level=True),
            # (DSpace's own error carries its hint, "This indicates issue with either network or version")
            _r(r"\bProblem connecting to database\. This indicates issue with\b", 0.8, "DSpace", caseless=False,
               any_level=True, hinted=True),
            # round 39, a converter, scanner or application without the office process, server, bus or database it
            # drives: unoconv's "Failed to connect to /x/soffice.bin (pid=19827) in 6 seconds.", "Connector : couldn't
            # connect to socket" and "Unable to connect or start own listener. Aborting.", JODConverter's
            # "OfficeException: Could not establish connection", tika-python's "Tika startup log message not received"
            # and "Failed to receive startup confirmation from startServer", BigBlueButton's "Failed to register with
            # Sip Server." and "Unable to connect to the FreeSWITCH Event Socket Layer", Rails's "PG::ConnectionBad
            # (could not connect to server" (round 41: not 'database "x" does not exist', none), paperless-ai's
            # "Paperless validation error: connect ECONNREFUSED", OpenBMC's "Error finding '/xyz/openbmc_project/x'
            # service:", Django's database host unresolved ("django.db.utils.OperationalError: [Errno -2] Name or
            # service not known"), Twisted's "ConnectError: An error occurred while connecting: 2: No such file or
            # directory."
            _r(r"\bFailed to connect to /[^ \n]+/soffice\.bin \(pid=[0-9]+\) in [0-9]+ seconds\b|"
               r"\bConnector : couldn't connect to socket\b|\bUnable to connect or start own listener\. Aborting\b|"
               r"\bOfficeException: Could not establish connection\b|\bTika startup log message not received\b|"
               r"\bFailed to receive startup confirmation from startServer\b|"
               r"\bFailed to register with Sip Server\b|"
               r"\bUnable to connect to the FreeSWITCH Event Socket Layer\b|"
               r"\bPG::ConnectionBad:? \(?could not connect to server\b|"
               r"\bPaperless validation error: connect ECONNREFUSED\b|\bError finding '/xyz/openbmc_project/[^'\n]+' "
               r"service: |\bdjango\.db\.utils\.OperationalError: \[Errno -[23]\] |"
               r"\bConnectError: An error occurred while connecting: 2: No such file or directory\b", 0.8,
               "unoconv, JODConverter, tika-python, BigBlueButton, Rails, paperless-ai, OpenBMC, Django, Twisted",
               caseless=False, any_level=True),
            # round 40, an application without its database, browser or daemon: Prisma's "P1001: Can't reach database
            # server at `postgres`:`5432`" and its hint "Please make sure your database server is running at",
            # Karakeep's "Failed to connect to the browser instance", nc's "bad address 'mysql:3306'", PHP's
            # "php_network_getaddresses: getaddrinfo failed: Name does not resolve", MySQL's "Unknown MySQL server host
            # 'mysql'", ZoneMinder's "Failed db connection to" and "Can't connect to zmdc.pl server process at /x.sock"
            _r(r"\bCan't reach database server\b|\bPlease make sure your database server is running at\b|"
               r"\bFailed to connect to the browser instance\b|\bnc: bad address '|"
               r"\bphp_network_getaddresses: getaddrinfo failed: Name does not resolve\b|"
               r"\bUnknown MySQL server host '|\bFailed db connection to\b|"
               r"\bCan't connect to zmdc\.pl server process at\b", 0.8,
               "Prisma, Karakeep, nc, PHP, MySQL clients, ZoneMinder", caseless=False, any_level=True),
            # round 41, an application without its database, cache or mail store: Ruby's "Redis::CannotConnectError"
            # (any reason: round 35's rule took only "Error connecting to Redis on" and was folded in here), Mongo's
            # driver "failed to connect to server [x] on first connect" (refused, unresolved or alone; not timed out,
            # network_timeout), Node's "getaddrinfo ENOTFOUND postgres" for a database host, Baikal's "no connection to
            # a database is available"
            _r(r"\bRedis::CannotConnectError\b|"
               r"\bfailed to connect to server \[[^\]\n]+\] on first connect(?:$| \[Mongo(?:Network)?Error: (?:connect "
               r"ECONNREFUSED|getaddrinfo ))|\bgetaddrinfo ENOTFOUND [a-z0-9_-]*(?:postgres|mysql|mariadb|redis|mongo)|"
               r"\bno connection to a database is available\b",
               0.8, "Ruby's Redis client, the MongoDB driver, Node.js, uvdesk, Baikal", caseless=False, any_level=True),
            # round 42, an application without its database or cache: SqlClient's "A network-related or
            # instance-specific error occurred while establishing a connection to SQL Server", cryptgeon's "cannot reach
            # redis" (also misspelt "canont"), CakePHP's 'Database connection "Mysql" is missing, or could not be
            # created.'
            _r(r"\bA network-related or instance-specific error occurred while establishing a connection to SQL "
               r"Server\b|"
               r"\bcan(?:not|ont) reach redis\b|"
               r"\bDatabase connection \"[^\"\n]+\" is missing, or could not be created\b", 0.8,
               "SqlClient, cryptgeon, CakePHP", caseless=False, any_level=True),
            # round 43, an application without its resolver, model server or query engine: dockerd's 'lookup x on
            # [::1]:53: read udp ...: read: connection refused' (the resolver is down), Open WebUI's "Connection error:
            # Cannot connect to host localhost:11434 ssl:default [" (aiohttp to Ollama), Prisma's "Client is not
            # connected to the query engine, you must call `connect()`" and "Could not connect to the query engine"
            _r(r"\blookup [^ \n]+ on [^ \n]+:53: read udp [^ \n]+: read: connection refused\b|"
               r"\bConnection error: Cannot connect to host [^ \n]+ ssl:[^ \n]+ \[|"
               r"\bClient is not connected to the query engine, you must call `connect\(\)`|"
               r"\bPrisma Client Exception connect\(\): Could not connect to the query engine\b", 0.8,
               "dockerd, Open WebUI, Prisma", caseless=False, any_level=True),
            # round 44, an application without its database: Photoview's "Could not ping database: dial tcp: lookup db
            # on x:53: no such host" and "failed to initialize database, got error dial tcp: lookup db on x:53: no such
            # host", mysqljs's "Connection lost: The server closed the connection."
            _r(r"\b(?:Could not ping database: |failed to initialize database, got error )dial tcp: lookup [^ \n]+ on "
               r"[^ \n]+: no such host\b|"
               r"\bConnection lost: The server closed the connection\b", 0.8, "Photoview, mysqljs", caseless=False,
               any_level=True),
            # round 45, a server without its store or peer: ntopng's "ntopng requires redis server to be up and
            # running", an Elixir release's "--rpc-eval : RPC failed with reason :noconnection", a voice satellite
            # refused by its Wyoming service ("ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1',
            # 10400)", ports 10200 to 10700)
            _r(r"\brequires redis server to be up and running\b|\bRPC failed with reason :noconnection\b|"
               r"\bConnect call failed \('[^'\n]+', 10[2-7]00\)", 0.8, "ntopng, Elixir releases, Wyoming clients",
               caseless=False, any_level=True),
            # round 46, a node, feeder or CMS without its router, source or store: rmw_zenoh's "Unable to connect to a
            # Zenoh router", micro-ROS's "failed to create node session on Micro ROS Agent", rbfeeder's "Can't connect
            # to 978 source (127.0.0.1:28380)", tar1090's "runtime directory (first argument: /run/readsb) is not a
            # directory, fatal error!" (readsb, which makes it, never started), fr24feed's "[reader][e]Could not connect
            # to tcp://ultrafeeder:30005" and "BeastBase::connectTcp(): Unable go connect", "RTL_TCP_CLIENT: Could not
            # connect to server", an installer's "Database connect not successful" and "Connecting to the database with
            # given settings failed", Doctrine's "in driver: php_network_getaddresses: getaddrinfo failed",
            # "SQLSTATE[HY000] [2002] No such file or dir" cut by the console, "An exception occurred while establishing
            # a connection to figure out your platform", Pimcore's "Connection to Redis failed after 2 failures", Yii's
            # "Failed to open redis DB connection"
            _r(r"\bUnable to connect to a Zenoh router\b|\bfailed to create node session on Micro ROS Agent\b|"
               r"\bCan't connect to [0-9]+ source \(|"
               r"\bruntime directory \(first argument: [^)\n]+\) is not a directory, fatal error\b|"
               r"\[reader\]\[e\]Could not connect to tcp://|\bBeastBase::connectTcp\(\): Unable go connect\b|"
               r"\bRTL_TCP_CLIENT: Could not connect to server\b|\bDatabase connect not successful\b|"
               r"\bConnecting to the database with given settings failed\b|"
               r"\bin driver: php_network_getaddresses: getaddrinfo failed\b|"
               r"\bSQLSTATE\[HY000\] \[2002\] No such file or dir|"
               r"\bAn exception occurred while establishing a connection to figure out your platform\b|"
               r"\bConnection to Redis failed after [0-9]+ failures\b|\bFailed to open redis DB connection\b", 0.8,
               "rmw_zenoh, micro-ROS, ADS-B feeders, PHP CMS installers, Doctrine, Pimcore, Yii", caseless=False,
               any_level=True),
            # round 47, a bot, streamer or indexer without its database, daemon or gateway: aiohttp's
            # "ClientProxyConnectionError: Cannot connect to host 127.0.0.1:7897" (its proxy), Zenbot's "warning:
            # mongodb not accessible" and "MongoError: server instance pool was destroyed", the LEAN CLI's "which always
            # happens in a Docker container. Make sure Docker is running", Hummingbot's gateway client ("... - ERROR -
            # Cannot connect to host localhost:29138"), psycopg2's "OperationalError: could not connect to server:
            # Connection refused", Avahi's client ("Failed to create client: Daemon not running"), Games on Whales'
            # "Gave up waiting for X server :0", cross-seed's "qBittorrent login failed: fetch failed"
            _r(r"\bClientProxyConnectionError: Cannot connect to host\b|\bmongodb not accessible\b|"
               r"\bMongoError: server instance pool was destroyed\b|"
               r"\bwhich always happens in a Docker container\. Make sure Docker is running\b|"
               r"\bhummingbot\.core\.[a-z_.]+ - (?:WARNING|ERROR) - [^\n]*\bCannot connect to host\b|"
               r"\bOperationalError: could not connect to server: Connection refused\b|"
               r"\bFailed to create client: Daemon not running\b|\bGave up waiting for X server\b|"
               r"\bqBittorrent login failed: fetch failed\b", 0.8,
               "aiohttp, Zenbot, LEAN CLI, Hummingbot, psycopg2, Avahi clients, Games on Whales, cross-seed",
               caseless=False, any_level=True, hinted=True),
            # round 49, a server without its database or a daemon it talks to: the .NET MongoDB driver ("System.
            # TimeoutException: A timeout occurred after 30000ms selecting a server using CompositeServerSelector"; it
            # outranks the unhandled exception it is raised as), CUPS's "Unable to communicate with avahi-daemon: Daemon
            # not running"
            _r(r"\bA timeout occurred after [0-9]+ms selecting a server\b|"
               r"\bUnable to communicate with avahi-daemon: Daemon not running\b", 0.8, "MongoDB .NET driver, CUPS",
               caseless=False, any_level=True),
            # round 50, a client whose broker is gone: paho-mqtt's "Message publish failed: The client is not currently
            # connected." (Deye's inverter bridge)
            _r(r"\bMessage publish failed: The client is not currently connected\b",
               0.8, "paho-mqtt", caseless=False, any_level=True),
            # round 50, Statup's wait for its database ("INFO: Database connection to 'postgres' is not available,
            # trying again in 5 seconds..."; the retry context still clears it when the connection follows; Statping's
            # later WARN form followed a refused login in the corpus, a consequence, and is left out)
            _r(r"\bINFO: Database connection to '[^'\n]+' is not available, trying again in\b", 0.8,
               "Statup, Statping", caseless=False, any_level=True),
            # round 51, a program without a service it needs: the Kubernetes Dashboard without metrics-server or its
            # scraper ("Error scraping node metrics: the server could not find the requested resource (get
            # nodes.metrics.k8s.io)", "Metric client health check failed: ... (get services dashboard-metrics-scraper)";
            # it outranks the health check it is reported as), psycopg2's "AdminShutdown: terminating connection due to
            # administrator command", httpx's "ConnectError: All connection attempts failed" (aiohttp's "Cannot connect
            # to host ... [Connect call failed" is left out: the same words for a proxy were none to the first reader)
            _r(r"\bthe server could not find the requested resource \(get (?:nodes\.metrics\.k8s\.io|services "
               r"dashboard-metrics-scraper)\)|\bpsycopg2\.errors\.AdminShutdown: terminating connection due to "
               r"administrator command\b|"
               r"\bhttpx\.ConnectError: (?:All connection attempts failed|\[Errno 11001\] getaddrinfo failed)",
               0.8, "Kubernetes Dashboard, psycopg2, httpx", caseless=False, any_level=True),
            # round 52, a platform without a service it needs: faasd without containerd ('failed to dial
            # "/run/containerd/containerd.sock": context deadline exceeded'; it outranks the timeout), Knative's
            # activator without its autoscaler ("Failed to send ping message to ws://autoscaler..."), Dapr's
            # "DAPR_SIDECAR_COULD_NOT_BE_STARTED", a Kafka producer whose broker is gone ("Expiring 1 record(s) for
            # health-0: 30011 ms has passed since batch creation"), n8n's "Error with Redis:" (Hasura's "postgres
            # connection failed, retrying(0)." is left out: none in round 34, where the database was being shut down),
            # docker-py without its daemon ("Error while fetching server API version:"; it outranks the refusal),
            # Artifactory's "Could't establish connection with db: jdbc:", JFrog's router without Access ("Failed
            # fetching external topology from Access", "periodic send heartbeat failed for 4 consecutive times")
            _r(r"\bfailed to dial \\?\"[^\"\\\n]*containerd\.sock\\?\": context deadline exceeded\b|"
               r"\bFailed to send ping message to ws://|\bDAPR_SIDECAR_COULD_NOT_BE_STARTED\b|"
               r"\bExpiring [0-9]+ record\(s\) for [^ \n]+: [0-9]+ ms has passed since batch creation\b|"
               r"\| warn +\| Error with Redis: |"
               r"\bError while fetching server API version: |\bCould(?:n'|')t establish connection with db: jdbc:|"
               r"\bFailed fetching external topology from Access\b|"
               r"\bperiodic send heartbeat failed for [0-9]+ consecutive times\b", 0.8,
               "faasd, Knative, Dapr, Kafka clients, n8n, docker-py, Artifactory, JFrog router", caseless=False,
               any_level=True),
            # round 53, a controller, gateway or search node without a service it needs: Jedis's "Could not get a
            # resource from the pool" (Spinnaker without Redis), ingress-nginx's Lua endpoint refusing its controller
            # ('Post "http://127.0.0.1:10246/configuration/backends"'), Kong's "failed to retrieve PostgreSQL
            # server_version_num:", Bitnami etcd's "Headless service domain does not have an IP per initial member",
            # APISIX's "has no healthy etcd endpoint available" (its ingress controller's "failed to list routes" is
            # left out: the readers label it by its reason, none, refused or timed out), Linkerd's proxy ("Failed to
            # resolve control-plane component", "Failed to proxy request:" with the app's refusal; its fail-fast is none
            # in round 36), Weaviate waiting for its vectorizer ('"action":"transformer_remote_wait_for_startup"'),
            # Qdrant's peers ("consensus_manager: Failed to send message to http://", "GetConsensusCommit request
            # failed:"); they outrank the refusals they report
            _r(r"\bJedisConnectionException: Could not get a resource from the pool\b|"
               r"\bhttp://127\.0\.0\.1:10246/configuration/|\bfailed to retrieve PostgreSQL server_version_num: |"
               r"\bHeadless service domain does not have an IP per initial member\b|"
               r"\bhas no healthy etcd endpoint available\b|"
               r"\blinkerd(?:2)?_app_core::(?:control: Failed to resolve control-plane component|errors: Failed to "
               r"proxy request:[^\n]{0,300}[Cc]onnection refused)|"
               r"\\?\"action\\?\":\\?\"transformer_remote_wait_for_startup\\?\"|"
               r"\bconsensus_manager: Failed to send message to http://|\bGetConsensusCommit request failed: ", 0.8,
               "Jedis, ingress-nginx, Kong, etcd, APISIX, Linkerd, Weaviate, Qdrant", caseless=False, any_level=True),
            # round 54, a shipper or directory client without the service it sends to: Filebeat's "Failed to connect to
            # backoff(async(tcp://logstash:5044))" (it outranks the refusal), Fluentd's forward output with no node up
            # ("error_class=Fluent::Plugin::ForwardOutput::NoNodesAvailable"), Fluent Bit's "[net] TCP connection
            # failed:" and "socket #46 could not connect to", "Can't contact LDAP server", Jicofo's
            # "OperationFailedException: Failed to connect"
            _r(r"\bFailed to connect to backoff\(async\(tcp://|"
               r"\berror_class=Fluent::Plugin::ForwardOutput::NoNodesAvailable\b|"
               r"\[net\] (?:TCP connection failed: |socket #[0-9]+ could not connect to )|"
               r"\bCan't contact LDAP server\b|\bOperationFailedException: Failed to connect\b", 0.8,
               "Filebeat, Fluentd, Fluent Bit, LDAP clients, Jicofo", caseless=False, any_level=True),
            # round 55, an IDE or a telemetry backend without a service it needs: Gitpod's "socket did not appear before
            # context was canceled", Tempo's querier ('msg="error contacting frontend"'), Jaeger's "Failed to init
            # storage factory" ("failed to create primary Elasticsearch client"), SigNoz's "error connecting to primary
            # db:", Uptrace's "ClickHouse is down", Spark's Elasticsearch connector ("No data nodes with HTTP-enabled
            # available", "EsHadoopNoNodesLeftException: Connection error"; they outrank the main thread's exception)
            _r(r"\bsocket did not appear before context was canceled\b|\bmsg=\"error contacting frontend\"|"
               r"\bFailed to init storage factory\b[^\n]*\bfailed to create primary Elasticsearch client\b|"
               r"\berror connecting to primary db: |\bClickHouse is down\b|"
               r"\bNo data nodes with HTTP-enabled available\b|"
               r"\bEsHadoopNoNodesLeftException: Connection error\b", 0.8,
               "Gitpod, Tempo, Jaeger, SigNoz, Uptrace, elasticsearch-hadoop", caseless=False, any_level=True),
            # round 57, a mail pipeline without its Redis or spamd: syslog-ng's "REDIS: failed to connect;", Rspamd's
            # "cannot save redis lock script: timeout while connecting the server", Haraka's "[spamassassin] connection
            # failed:", spamc's "connect to spamd on 127.0.0.1 failed, retrying (#2 of 3): Connection refused" (they
            # outrank the refusal)
            _r(r"\bREDIS: failed to connect;|\bcannot save redis [a-z ]+ script: timeout while connecting the server\b|"
               r"\[spamassassin\] connection failed: |\bconnect to spamd on [^ \n]+ failed\b", 0.8,
               "syslog-ng, Rspamd, Haraka, spamc", caseless=False, any_level=True),
            # round 58, a tunnel client without its server or a CLI without its daemon: frpc's "login to server failed:"
            # with EOF or a refusal (with "i/o timeout" it is the network's, as round 16's readers label it), rathole's
            # "Failed to run the control channel: Failed to connect to" (not its "early eof", which it survives),
            # Firezone's "RPC failed with reason :nodedown", zerotier-cli's "Error connecting to the ZeroTier service:"
            # and "0 join connection failed" (they outrank the refusal)
            _r(r"\blogin to server failed: (?:EOF\b|i/o deadline reached\b|dial tcp [^ \n]+: connect(?:ex)?: "
               r"(?:connection refused|No connection could be made))|"
               r"\bFailed to run the control channel: Failed to connect to |"
               r"\bRPC failed with reason :nodedown\b|"
               r"\bError connecting to the ZeroTier service: |\b0 join connection failed$", 0.8,
               "frp, rathole, Firezone, zerotier-cli", caseless=False, any_level=True),
            # round 59, an operator, an agent or a broker client without the service it needs: psycopg2's "server closed
            # the connection unexpectedly", ZooKeeper's client ("Client session timed out, have not heard from server in
            # 20108ms", "Session 0x0 for server localhost/127.0.0.1:2181, unexpected error, closing socket connection
            # and attempting reconnect"; not "for server null", a client without a server set), Strimzi's "while waiting
            # for ZooKeeperAdmin connection to" and "Failed to connect to Zookeeper x:2181", the MariaDB operator's user
            # rows ("False   Error connecting to MariaDB"), postgres-operator's "could not init db connection: still
            # failing after 8 retries", OSSEC's daemons without their queue ("Queue '/var/ossec/queue/ossec/queue' not
            # accessible:", "Unable to access queue: '/x'. Giving up"), cscli without its agent ("failed to fetch
            # prometheus metrics :") (they outrank the refusal; not the Wazuh agent's "Lost connection with manager" and
            # "(1216): Unable to connect to", none to round 23's readers where the agent reconnects)
            _r(r"^psycopg2\.OperationalError: server closed the connection unexpectedly$|"
               r"\bClient session timed out, have not heard from server in [0-9]+ms\b|"
               r"\bSession 0x[0-9a-f]+ for server [^ \n/]*/[0-9a-f.:]+:[0-9]+, unexpected error, closing socket "
               r"connection and attempting "
               r"reconnect\b|\bwhile waiting for ZooKeeperAdmin connection to\b|"
               r"\bFailed to connect to Zookeeper [^ \n]+:[0-9]+|\bFalse +Error connecting to MariaDB\b|"
               r"\bcould not init db connection: still failing after [0-9]+ retries\b|"
               r"\bQueue '/[^'\n]+' not accessible: |\bUnable to access queue: '/|"
               r"\bfailed to fetch prometheus metrics : ", 0.8,
               "psycopg2, ZooKeeper, Strimzi, MariaDB operator, postgres-operator, OSSEC, cscli", caseless=False,
               any_level=True),
            # round 60, a migration tool or a storage driver without the service it needs: Flyway's "Message    :
            # java.net.ConnectException: Connection refused", a host out of reach ("connect EHOSTUNREACH
            # 172.17.3.20:22"), the EBS CSI driver's "panic: EC2 instance metadata is not available" (it outranks the
            # panic), mount.cifs's "mount error(115): Operation now in progress"
            _r(r"^Message +: java\.net\.ConnectException: Connection refused\b|"
               r"\bconnect EHOSTUNREACH [0-9a-fA-F.:]+:[0-9]+\b|\bEC2 instance metadata is not available\b|"
               r"\bmount error\(115\): Operation now in progress\b", 0.8,
               "Flyway, Node.js, aws-ebs-csi-driver, mount.cifs", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="container_exit",
        description="A container exited with a non-zero code or is in a restart back-off.",
        formats=("Docker", "Docker Compose", "Kubernetes", "OCI runtimes"),
        regexes=(
            _r(r"\bexited with code [1-9]", 0.85, "Docker Compose"),
            _r(r"\bExited \([1-9]", 0.85, "docker ps", caseless=False),
            _r(r"\bdie\b[^\n]*exitCode=[1-9]", 0.9, "docker events", caseless=False),
            _r(r"\bExitCode\\?\"?:[ \t]*[1-9]", 0.75, "docker inspect (also unquoted)", caseless=False),
            _r(r"Back-off restarting failed container", 0.9, "Kubernetes"),
            _r(r"\bback-off [0-9][0-9hms.]* restarting failed container\b", 0.9, "kubelet (with the delay)"),
            _r(r"\bCrashLoopBackOff\b", 0.9, "Kubernetes", caseless=False),
            _r(r"container [^\n]*exited with non-zero", 0.85),
            # an exec into a running container ("OCI runtime exec failed": a probe's or a user's command) is no exit of
            # the container; creating or starting one that fails is
            _r(r"OCI runtime (?:create|start|run) failed", 0.8, "runc / containerd"),
            _r(r"Error: failed to start containers", 0.8, "docker start"),
            # CI runners' verdict on a job whose container was killed or could not run its command (GitLab Runner
            # "Job failed: exit code 137": 125 and above are the runtime's or a signal's); "Job failed: exit code 1" is
            # the project's own script failing (its build or tests), nothing to remediate on the runner
            _r(r"\bJob failed\b[^\n]{0,80}\bexit code (?:1[2-9][0-9]|2[0-5][0-9])\b", 0.8, "GitLab Runner",
               caseless=False),
            # 128 is the runtime's code for a container that never started (Reason: StartError): its Message field names
            # the cause, the container did not exit
            _r(r"Exit Code:[ \t]+(?:[1-9][0-9]?|1(?:[013-9][0-9]|2[0-79])|2[0-5][0-9])\b", 0.75, "kubectl describe",
               caseless=False),
            # Compose v2 progress output: "Container web-1  Started", "... Healthy", "✘ Container web-1  Error"
            _r(r"(?:^|[ \t])Container [A-Za-z0-9][A-Za-z0-9_.-]*[ \t]+Error[ \t\r]*$", 0.8, "Docker Compose v2 status",
               caseless=False),
            # round 13, kubelet's pod lifecycle event of a container that ended with a failing code ('"Generic (PLEG):
            # container finished" podID=... exitCode=1'), logged at info
            _r(r"\bcontainer finished\\?\"[^\n]{0,300}\bexitCode=[1-9]", 0.8, "kubelet PLEG: container finished",
               any_level=True),
            # round 15, a spawner or operator reporting its container's failing exit (JupyterHub's DockerSpawner:
            # "Spawner failed to start [status=ExitCode=1, ...]"; Kubeflow's training operator: "container pytorch
            # exitCode: 1 terminated")
            _r(r"\bSpawner failed to start \[status=ExitCode=[1-9]|\bcontainer [^ \n]+ exitCode: [1-9][0-9]* "
               r"terminated\b", 0.8, "JupyterHub spawner, Kubeflow training operator"),
            # round 18, a Proxmox or LXC container that did not stay up ("unable to get PID for CT 102 (not running?)",
            # lxc-start's "wait_on_daemonized_start: ... Failed to receive the container state")
            _r(r"\bunable to get PID for CT [0-9]+ \(not running\?\)|\bwait_on_daemonized_start\b[^\n]*\bFailed to "
               r"receive the container state\b", 0.8, "Proxmox CT, lxc-start"),
            # round 18 (B), LXD's start of a container that exited ("Error calling 'lxd forkstart lb ...': err='exit
            # status 1'")
            _r(r"\bError calling 'lxd forkstart [^'\n]+': err='exit status [1-9][0-9]*'", 0.8, "LXD"),
            # round 24, a kubectl get pods row in Error ("aad-pod-identity-nmi-8mngn   0/1   Error   1   5s"; round 52:
            # after its namespace column, kubectl get pods -A; round 21's CrashLoopBackOff rows), a Windows container's
            # negative exit code in kubectl describe ("Exit Code: -1073741571"), the DaemonSet controller's event
            # ("Found failed daemon pod kube-system/x on node y"); round 59: a row with kubectl's "pod/" prefix
            _r(r"^(?:[a-z0-9][a-z0-9-]* +)?(?:pod/)?[a-z0-9][a-z0-9.-]* +[0-9]+/[0-9]+ +(?:Init:)?Error +[0-9]+|"
               r"Exit Code:[ \t]+-[1-9][0-9]*\b|\bFound "
               r"failed daemon pod\b", 0.8, "kubectl get pods, kubectl describe, DaemonSet controller", caseless=False),
            # round 25, a docker ps row of a container that keeps restarting ("Up" is not matched: "Restarting (0) 11
            # seconds ago")
            _r(r"\bRestarting \([0-9]+\) [0-9]+ (?:seconds?|minutes?|hours?) ago\b", 0.8, "docker ps", caseless=False),
            # round 25, a launcher's report of its container's exit ("Container factorio-runtime failed with error code
            # 1.")
            _r(r"\bContainer [^ \n]+ failed with error code [1-9]", 0.8, "factorio launcher", caseless=False),
            # round 26, s6-overlay stopping the container after its init failed ("/run/s6/basedir/scripts/rc.init:
            # fatal: stopping the container.")
            _r(r"/rc\.init: fatal: stopping the container\.", 0.8, "s6-overlay", caseless=False),
            # round 27, LXD failing to start a container ("Error: Failed to run: /usr/lib/lxd/lxd forkstart x ...")
            _r(r"\bFailed to run: [^ \n]*/lxd forkstart\b", 0.8, "LXD", caseless=False),
            # round 31, a container's exit reported by what ran it: conmon ("conmon 90a1 <ninfo>: container 397582
            # exited with status 137"), Cloud Build's step ('"gcr.io/kaniko-project/executor:latest" failed: step exited
            # with non-zero status: 137')
            _r(r"\bconmon [0-9a-f]+ <ninfo>: container [0-9]+ exited with status [1-9][0-9]*\b|"
               r"\bfailed: step exited with non-zero status: [1-9][0-9]*\b", 0.8, "conmon, Cloud Build",
               caseless=False, any_level=True),
            # round 35, docker-gen's Docker event ("Received event die for container d9252c93ee7f")
            _r(r"\bReceived event die for container [0-9a-f]{12}", 0.8, "docker-gen", caseless=False, any_level=True),
            # round 36, a Docker event's "container die Container ID:"
            _r(r"\bcontainer die Container ID: ", 0.8, "Docker events", caseless=False, any_level=True),
            # round 44, Compose's one-shot service that failed ('service "pre-init-db" didn't complete successfully:
            # exit 1')
            _r(r"\bservice \"[^\"\n]+\" didn't complete successfully: exit [1-9]", 0.8, "Compose", caseless=False,
               any_level=True),
            # round 48, a container that exited or is being restarted: Compose v1's "ps" row ("example_mail_1   MailHog
            # Exit 1"), dockerd's 'level=info msg="restarting container" container=a0f9...'
            _r(r"_[0-9]+ {2,}[^\n]* {2,}Exit [1-9][0-9]*$|\blevel=info msg=\"restarting container\" container=[0-9a-f]",
               0.8, "Compose v1, dockerd", caseless=False, any_level=True),
            # round 60, a kubectl row of a container the kubelet lost ("ContainerStatusUnknown  The container could not
            # be located when the pod was terminated")
            _r(r"\bContainerStatusUnknown +The container could not be located when the pod was terminated\b", 0.8,
               "kubectl", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="health_check_failure",
        description="A health check, probe or load-balancer check reports the service unhealthy.",
        formats=("Docker", "Docker Compose", "Kubernetes", "HAProxy", "generic"),
        regexes=(
            _r(r"health_status: unhealthy", 0.95, "docker events"),
            _r(r"\bhealth[ -]?checks? (?:has |have )?failed\b", 0.85),
            _r(r"\bhealth[ -]?check\b[^\n]*\b(?:failed\b|timed out\b)", 0.8),
            # the probe's verdict wins over what the probe saw ("Readiness probe failed: dial tcp ...: connect:
            # connection refused" in a pod named after a broker is the probe, not a client of the broker)
            # (any level: the probe's output may carry its own JSON "level":"info", round 24)
            _r(r"\b(?:liveness|liveliness|readiness|startup) probe failed", 0.9, "Kubernetes, Datadog ('Liveliness')",
               priority=85, any_level=True),
            # round 12, Compose's depends_on on a dependency whose health check failed (the check's verdict, above the
            # generic "dependency failed to start" rule; the corpus labels it so since round 4)
            _r(r"\bdependency failed to start: container [^ \n]+ is unhealthy"
               r"\b", 0.85, "Compose: an unhealthy dependency",
               priority=85),
            # a start-up wait for readiness that ran out of time (Testcontainers' "Timed out waiting for log output
            # matching ...", "Timed out waiting for container port to open", test harnesses' "X did not become ready in
            # time")
            _r(r"\bTimed out waiting for (?:log output matching|container port|URL to be accessible|[^\n]{1,60} to "
               r"(?:become|be) (?:ready|healthy))", 0.8, "Testcontainers wait strategies"),
            _r(r"\b(?:did not|didn't|never|failed to) become (?:ready|healthy) (?:in time|within|after|before)\b", 0.8,
               "readiness waits"),
            _r(r"\bfailed (?:liveness|startup) probe, will be restarted\b", 0.9, "kubelet Killing event"),
            # the kubelet: a probe that could not run to a verdict ("errored": exec/gRPC timeout), and prober.go's
            # 'Readiness probe for "pod:container" failed (failure)'
            _r(r"\b(?:liveness|readiness|startup) probe errored\b", 0.85, "Kubernetes"),
            _r(r"\b(?:liveness|readiness|startup) probe for \\?\"[^\"\n]*\\?\" failed\b", 0.85,
               "kubelet prober.go (at info)", any_level=True),
            # an event row of kubectl describe / get events whose reason is Unhealthy (the message may wrap)
            _r(r"\bWarning[ \t]+Unhealthy[ \t]", 0.8, "kubectl events", caseless=False),
            _r(r"\"Status\\?\":[ \t]*\\?\"unhealthy", 0.9, "docker inspect", caseless=False),
            _r(r"\(unhealthy\)", 0.85, "docker ps"),
            _r(r"\bis unhealthy\b", 0.8, "Compose / generic (the kubelet logs it at info)", any_level=True),
            _r(r"\bstatus[=:] ?unhealthy\b", 0.85),
            _r(r"is DOWN, reason: Layer[4-7]", 0.85, "HAProxy"),
            _r(r"check is now critical", 0.85, "Consul"),
            # a named check's verdict (Consul: 'Check "x" missed TTL, is now critical', 'Check "x" HTTP request
            # failed: ...' whatever the request saw)
            _r(r"\b[Cc]heck (?:\\?\"[^\"\n]+\\?\"|'[^'\n]+') (?:[^\n]{0,40}is now critical|HTTP request failed|socket "
               r"connection failed|timed out)", 0.85, "Consul agent checks", caseless=False, priority=85),
            # a load balancer marking a server down after its checks, with or without the reason ("Server be/app1 is
            # DOWN. 1 active and 0 backup servers left.", HAProxy); "is DOWN for maintenance" is an operator's doing
            _r(r"\b[Ss]erver [^ \n]+/[^ \n]+ is DOWN[.,]", 0.85, "a load balancer's verdict on a server",
               caseless=False),
            # a supervisor's start-up notification that never came (Dovecot: "Initial status notification not
            # received in 30 seconds, killing the process")
            _r(r"\bstatus notification not received in [0-9]+ seconds\b", 0.8, "supervisor start-up readiness"),
            _r(r"\bProbe failed\\?\"?[^\n]{0,10}probeType=", 0.85, "kubelet structured log (at info)", caseless=False,
               any_level=True),
            # a health checker's own verdict, whatever its check saw (ingress-nginx's "healthcheck error: Get ...: dial
            # unix ...", a health endpoint's '{"healthy": false, ...}')
            _r(r"\bhealth ?check(?:er)? error: ", 0.8, "health checkers' errors", priority=85),
            _r(r"\\?\"healthy\\?\"[ \t]*:[ \t]*false\b", 0.8, "a health endpoint's verdict", priority=85),
            # round 13, Calico's readiness check saying which of its parts is not ready (the second line of kubelet's
            # "Readiness probe failed:" event: "calico/node is not ready: BIRD is not ready: BGP not established with
            # 10.0.1.1", "calico/node is not ready: felix is not ready: readiness probe reporting 503")
            _r(r"\bcalico/node is not ready: [A-Za-z]+ is not ready\b", 0.8, "Calico readiness check"),
            # round 14, a monitor's verdict on an instance it watches: Redis Sentinel ("# +sdown master mymaster ...
            # 6379", "# +odown master ... #quorum 2/2"), Redis Cluster ("FAIL message received from <id> about <id>",
            # "Marking node <id> as failing (quorum reached)"), ProxySQL's monitor ("Timeout on read_only check for
            # ...:3306")
            _r(r"# \+[so]down (?:master|slave|replica|sentinel) |\bFAIL message received from [0-9a-f]+ about "
               r"[0-9a-f]|\bMarking node [0-9a-f]+ as failing\b|\bTimeout on read_only check for\b", 0.8,
               "Redis Sentinel and Cluster, ProxySQL monitor", caseless=False),
            # round 15 (B), JupyterHub giving up on a spawned server's readiness ("jb's server never showed up at
            # http://127.0.0.1:34405/user/jb/ after 30 seconds. Giving up", "Server at ... didn't respond in 30
            # seconds")
            _r(r"\bserver never showed up at [^ \n]+ after [0-9]+ seconds\b|\bServer at [^ \n]+ didn't respond in "
               r"[0-9]+ seconds\b", 0.8, "JupyterHub spawn readiness"),
            # round 18, a provisioner giving up on a booted machine's SSH (Vagrant: "Timed out while waiting for the
            # machine to boot. This means that ...": hinted, Packer: "Timeout waiting for SSH.") and Corosync marking a
            # cluster member dead ("[TOTEM ] Marking UDPU member 10.2.28.15 inactive")
            _r(r"\bTimeout waiting for SSH\b|\bMarking UDPU member [^ \n]+ inactive\b", 0.8, "Packer, Corosync",
               caseless=False),
            _r(r"\bTimed out while waiting for the machine to boot\b", 0.8,
               "Vagrant (hinted: its own explanation follows)", caseless=False, hinted=True),
            # round 18 (B), Pacemaker's policy engine on a resource's failed monitor ("Processing failed op monitor for
            # PGSQL:1 on secondary: unknown error (1)")
            _r(r"\bProcessing failed op monitor for [^ \n]+ on [^ \n]+: ", 0.8, "Pacemaker", caseless=False),
            # round 19 (B), mailcow's watchdog giving up on a container ("Rspamd health level: 0% (0/10), health trend:
            # -1", "Dovecot hit error limit")
            _r(r"\bhealth level: 0% \(0/[0-9]+\)|\b[A-Z][A-Za-z0-9-]* hit error limit\b", 0.8, "mailcow's watchdog",
               caseless=False),
            # round 20 (B), JuiceFS giving up on its own mount ("<FATAL>: The mount point is not ready in 10 seconds,
            # exit it")
            _r(r"\bThe mount point is not ready in [0-9]+ seconds, exit it\b", 0.8, "JuiceFS"),
            # round 21 (B), the Home Assistant Supervisor's watchdog ("WARNING (MainThread) [supervisor.misc.tasks]
            # Watchdog miss API response from Home Assistant")
            _r(r"\bWatchdog miss API response from\b", 0.8, "the Home Assistant Supervisor", any_level=True),
            # round 23, a gateway's and an IPsec stack's own checks: `ipsec verify` ("Pluto listening for IKE on udp 500
            # [FAILED]"), dpinger's alarm ("dpinger ... ALERT: WAN (Addr: 1.1.1.1 Alarm: none -> down ...)")
            _r(r"\bPluto listening for IKE on udp [0-9]+ +\[FAILED\]|\bdpinger\b[^\n]*\bAlarm: [a-z]+ -> down\b", 0.8,
               "ipsec verify, dpinger", any_level=True),
            # round 23 (B), `ipsec verify`'s other check ("Checking that pluto is running   [FAILED]")
            _r(r"\bChecking that pluto is running +\[FAILED\]", 0.8, "ipsec verify"),
            # round 24, kubelet's pod lifecycle event generator stuck for hours ("PLEG is not healthy: pleg was last
            # seen active 4h19m47s ago"); at start-up it prints 2562047h (never seen), which is no failure
            _r(r"\bPLEG is not healthy: pleg was last seen active (?:[1-9][0-9]{0,3}h|[4-9]m|[1-5][0-9]m)", 0.8,
               "kubelet PLEG", caseless=False, any_level=True),
            # round 25, Substrate's overseer finding a subsystem stalled ("Subsystem approval-voting-subsystem appears
            # unresponsive.", "Overseer exited with error err=Generated(SubsystemStalled(...))")
            _r(r"\bSubsystem [a-z-]+ appears unresponsive\b|\bSubsystemStalled\(", 0.8, "Substrate overseer",
               caseless=False),
            # round 26, monit's failed protocol check ("'nginx' failed protocol test [HTTP] at [127.0.0.1]:80"), a
            # Selenium hub giving up on a node ("Marking the node http://172.30.4.66:6734 as down: cannot reach the
            # node")
            _r(r"'[^'\n]+' failed protocol test \[[A-Z0-9]+\]|\bMarking the node [^ \n]+ as down: cannot reach the "
               r"node\b",
               0.8, "monit, Selenium Grid", caseless=False, any_level=True),
            # round 27, Barman's checks of its WAL receiver ("receive-wal running: FAILED", "replication slot: FAILED
            # (slot 'barman' not active: is 'receive-wal' running?)", "Check 'receive-wal running' failed for server")
            _r(r"\breceive-wal running: FAILED\b|\breplication slot: FAILED \(slot '[^'\n]+' not (?:active|initialised)"
               r"\b|\bCheck 'receive-wal running' failed for server\b", 0.8, "Barman", caseless=False, any_level=True),
            # round 28, the Datadog Agent's health command ("Agent health: FAIL", "Error: found 1 unhealthy components")
            _r(r"^Agent health: FAIL\b|\bfound [0-9]+ unhealthy components?\b", 0.8, "Datadog Agent", caseless=False),
            # round 30, controller-runtime's own health probe failing ('"msg":"healthz check failed"'), at info level
            _r(r"\\?\"msg\\?\":\\?\"healthz check failed\\?\"", 0.8, "controller-runtime", caseless=False,
               any_level=True),
            # round 32, a proxy's or HA manager's monitor marking a member down (ProxySQL: "Server x:3306 missed 3
            # heartbeats, shunning it"; MaxScale: "Server changed state: x: master_down."; Stolon's sentinel: "no keeper
            # info available"; a pod's "Container failed liveness probe.. Container will be killed and recreated.")
            _r(r"\bmissed [0-9]+ heartbeats, shunning it\b|\bServer changed state: [^ \n]+: master_down\b|"
               r"\bno keeper info available\b|\bContainer failed liveness probe\b", 0.8,
               "ProxySQL, MaxScale, Stolon, kubelet events", caseless=False, any_level=True),
            # round 33, Hadoop's failover controller giving its NameNode up ("Entering state SERVICE_NOT_RESPONDING",
            # "Local service NameNode at x entered state: SERVICE_NOT_RESPONDING")
            _r(r"\b(?:Entering|entered) state:? SERVICE_NOT_RESPONDING\b", 0.8, "Hadoop ZKFC", caseless=False,
               any_level=True),
            # round 34, a platform's check of what it runs failing: Cloud Foundry's rep
            # ("rep.garden-healthcheck.set-state-unhealthy"), Rancher's ping monitor ("Failed to get ping from agent
            # [2]"); not Heroku's boot timeout (R10), read both ways here
            _r(r"\bgarden-healthcheck\.set-state-unhealthy\b|\bFailed to get ping from agent \[", 0.8,
               "Cloud Foundry, Rancher", caseless=False, any_level=True),
            # round 43, a health check's own verdict, misspelt as Dashy prints it ("Healthceck Failed, Error:
            # ECONNREFUSED")
            _r(r"\bHealth(?:check|ceck) Failed, Error: ", 0.8, "Dashy", caseless=False, any_level=True),
            # round 44, a watcher's verdict on the service it watches ("[BASEROW-WATCHER] ... WARNING: Baserow has
            # become unhealthy.")
            _r(r"\bWARNING: [A-Za-z]+ has become unhealthy\b", 0.8, "Baserow", caseless=False, any_level=True),
            # round 52, JFrog's router failing its own readiness test ('Readiness test failed with the following error:
            # "required node services are missing')
            _r(r"\bReadiness test failed with the following error: ", 0.8, "JFrog router", caseless=False,
               any_level=True),
            # round 53, flux check on its controllers ("source-controller: unhealthy (timed out waiting for rollout)")
            _r(r"^[a-z-]+-controller: unhealthy \(timed out waiting for rollout\)$", 0.8, "flux check",
               caseless=False, any_level=True),
            # round 56, Ray Serve's controller stopping a replica ("Replica X of deployment D failed health check,
            # stopping it.")
            _r(r"\bReplica [^ \n]+ of deployment [^ \n]+ failed health check\b", 0.8, "Ray Serve", caseless=False,
               any_level=True),
            # round 57, a Nagios-style check that failed (mailcow's watchdog: "SMTP CRITICAL - 0.001 sec. response
            # time", "connect to address 172.22.1.250 and port 993: Connection refused"; it outranks the refusal)
            _r(r"\b(?:SMTP|IMAP|POP3?|TCP|HTTP|SSH|LMTP|DNS|FTP|SIEVE) CRITICAL - |"
               r"\bconnect to address [0-9a-fA-F.:]+ and port [0-9]+: Connection refused\b", 0.8,
               "Nagios plugins (mailcow watchdog)", caseless=False, any_level=True),
        ),
    ),
    PatternDef(
        id="resource_exhaustion",
        description="A process-level limit ran out: file descriptors, threads, processes, connections.",
        formats=("any (EMFILE/ENOMEM/EAGAIN)", "nginx", "Java", "Python", "Node.js", "PostgreSQL", "MySQL",
                 "kernel"),
        regexes=(
            _r(r"too many open files", 0.9, "EMFILE text"),
            # round 11, musl's strerror of EMFILE (Alpine images: nginx's "accept4() failed (24: No file descriptors
            # available)")
            _r(r"\bNo file descriptors available\b", 0.9, "EMFILE text (musl)"),
            # the same strerror in the host's language ("java.io.IOException: Zu viele offene Dateien", a JVM on a
            # German host; glibc's fr, es and it catalogues)
            _r(r"\bZu viele offene Dateien\b|\bTrop de fichiers ouverts\b|\bDemasiados archivos abiertos\b|\bTroppi "
               r"file aperti\b", 0.9, "EMFILE text in the host's language"),
            _r(r"\[Errno 24\]", 0.9, "Python"),
            _r(r"\b(?:spawn|accept|open|watch|listen|socket|pipe) EMFILE\b", 0.9, "Node.js", caseless=False),
            _r(_errno("EMFILE"), 0.85, "errno in an error", caseless=False),
            _r(r"VFS: file-max limit [0-9]+ reached", 0.9, "kernel"),
            _r(r"\bfile table overflow\b", 0.85, "ENFILE"),
            # EMFILE in words ("accept failed: out of file descriptors", folly/wangle, libevent, daemons)
            _r(r"\b(?:out of|ran out of|running out of|no more) (?:file descriptors|fds)\b", 0.85, "EMFILE in words"),
            _r(r"\bfork(?:\(\))?: (?:retry: )?(?:cannot allocate memory|resource temporarily unavailable)", 0.9,
               "shell / fork"),
            _r(r"\bcannot allocate memory\b", 0.75, "ENOMEM"),
            _r(r"can't start new thread", 0.85, "Python threads"),
            _r(r"unable to create (?:new )?native thread", 0.9, "Java threads", priority=118),
            _r(r"pthread_create[^\n]*(?:failed|resource temporarily unavailable)", 0.8),
            # the same failure with the reason as a number (EAGAIN is 11 on Linux: "return code from pthread_create()
            # is 11") or in the system's language after it ("failed on pthread_create: <localised EAGAIN>")
            _r(r"\bpthread_create(?:\(\))? (?:is|returned|=|failed with(?: error)?) ?(?:11|EAGAIN)\b", 0.8,
               "thread creation: EAGAIN as a number"),
            _r(r"\b(?:failed|error|unable|cannot)\b[^\n]{0,20}\bpthread_create\b", 0.8, "thread creation failed"),
            _r(r"too many clients already", 0.9, "PostgreSQL"),
            _r(r"remaining connection slots are reserved", 0.85, "PostgreSQL"),
            _r(r"\btoo many connections\b", 0.8, "MySQL"),
            _r(r"System limit for number of file watchers reached", 0.95, "Node.js inotify (ENOSPC)",
               priority=125),
            # round 12, ENOSPC that is no full disk: inotify reports an exhausted watch limit as ENOSPC (Syncthing's
            # "Failed to start filesystem watcher for folder ...: no space left on device" with 200 GB free, cAdvisor's
            # "inotify_add_watch /sys/fs/cgroup/...: no space left on device", fsnotify users), and a tmpfs or shm mount
            # refused for memory, not disk ("mounting shm tmpfs: no space left on device", dockerd): a limit to raise,
            # nothing for cleanDisk (above disk_full)
            _r(r"\b(?:inotify[_ ]?(?:add[_ ]watch|init[0-9]?|watch(?:es)?)?|fsnotify|(?:file ?system|file|directory|f"
               r"s) "
               r"watcher|watch(?:er)? (?:for|on) (?:folder|directory|path))\b[^\n]{0,200}: no space left on device",
               0.85, "ENOSPC of inotify watches", priority=125),
            _r(r"\bmount(?:ing)? (?:shm|tmpfs|shm tmpfs|/dev/shm)\b[^\n]{0,120}: no space left on device", 0.85,
               "ENOSPC mounting a tmpfs/shm (memory)", priority=125),
            # round 12, the inotify limits in words (Syncthing's inotify helper: "Failed to install inotify handler for
            # X. Please increase inotify limits", "inotify watch limit reached")
            _r(r"\b(?:user )?limit on the (?:total )?number of inotify (?:watches|instances) (?:has been |was )?reache"
               r"d\b|"
               r"\binotify_add_watch(?:\(\))? failed\b|"
               r"\b(?:increase|raise) (?:the |your )?inotify (?:limits?|watches|max_user_watches)\b|\binotify (?:watch"
               r" |"
               r"instance )?limits? (?:reached|exceeded|too low)\b|\bFailed to install inotify handler\b", 0.85,
               "inotify limits in words"),
            _r(r"nf_conntrack: table full", 0.85, "kernel"),
            _r(r"\bno buffer space available\b", 0.75, "ENOBUFS"),
            _r(r"fork rejected by pids controller", 0.9, "cgroup pids limit"),
            _r(r"\bfailed to fork\b", 0.8, "systemd / daemons"),
            _r(r"\bfork(?:\(\))? failed\b", 0.85, "daemons"),
            _r(r"max number of clients reached", 0.85, "Redis"),
            # a datastore's own size quota (etcd: "etcdserver: mvcc: database space exceeded", "etcdserver: no space",
            # the NOSPACE alarm): a limit of the store, not the disk (the corpus labels it so)
            _r(r"\bdatabase space exceeded\b|\betcdserver: no space\b|\balarm:NOSPACE\b", 0.85, "etcd storage quota"),
            # a server's own memory quota refusing work (ClickHouse: "Memory limit (total) exceeded: would use 9.80
            # GiB", "Memory limit (for query) exceeded"; Trino: "Query exceeded per-node user memory limit of 1GB"): its
            # limit, not the kernel's OOM kill
            _r(r"\bMemory limit \((?:total|for [a-z ]{1,20})\) exceeded\b|\bexceeded (?:per-node |distributed )?"
               r"(?:user |total )?memory limit of\b", 0.85, "a server's memory quota"),
            _r(r"worker_connections are not enough", 0.85, "nginx"),
            _r(r"\bout of shared memory\b", 0.8, "PostgreSQL lock table"),
            _r(r"\breached (?:the )?(?:[a-z_.]*max[a-z_.]*|maximum [a-z ]{1,30}) (?:setting|limit)\b", 0.8,
               "Apache MaxRequestWorkers, PHP-FPM pm.max_children"),
            # round 14, a limit of the host or of the engine that ran out: ScyllaDB's asynchronous I/O requests ("Could
            # not setup Async I/O: Resource temporarily unavailable. The most common cause is not enough request
            # capacity in /proc/sys/fs/aio-max-nr"), InfluxDB's write cache ("engine: cache maximum memory size
            # exceeded")
            _r(r"\bCould not setup Async I/O\b|\bcache maximum memory size exceeded\b", 0.85,
               "ScyllaDB AIO capacity, InfluxDB cache limit", hinted=True),
            # round 14 (B), a proxy out of local ports for its backend connections (ProxySQL: "2002: Can't connect to
            # MySQL server on '10.120.50.11' (99)": EADDRNOTAVAIL, every ephemeral port in use)
            _r(r"\bCan't connect to MySQL server on [^\n]{0,80}\(99\)", 0.85, "EADDRNOTAVAIL: local ports exhausted",
               priority=101),
            # round 15, a DataLoader worker out of shared memory ("Unexpected bus error encountered in worker. This
            # might be caused by insufficient shared memory (shm).", "DataLoader worker (pid 325) is killed by signal:
            # Bus error."), a Dask worker restarted at its memory budget ("Worker ... exceeded 95% memory budget.
            # Restarting...")
            _r(r"\bUnexpected bus error encountered in worker\b|\bis killed by signal: Bus error\b|\bexceeded "
               r"[1-9][0-9]?% memory budget\. +Restarting\b", 0.85, "shared memory (shm), Dask's memory budget",
               hinted=True),
            # round 16 (B), a Redis client pool with no connection left (Go's redigo: "redigo: connection pool
            # exhausted", Tyk), and a server out of file descriptors whatever level it logs the accept loop at
            # (Traefik at debug: 'msg="http: Accept error: accept tcp [::]:443: accept4: too many open files; retrying
            # in 5ms"')
            _r(r"\bredigo: connection pool exhausted\b", 0.8, "redigo's pool"),
            _r(r"\bAccept error: accept tcp [^ \n]+: accept4?: too many open files\b", 0.85,
               "Go's accept loop out of descriptors", any_level=True),
            # round 17 (B), a namespace's ResourceQuota refusing a new object ('persistentvolumeclaims "pvc-x" is
            # forbidden: exceeded quota: ...')
            _r(r"\bis forbidden: exceeded quota\b", 0.8, "Kubernetes ResourceQuota"),
            # round 18, EAGAIN from thread and process creation ("cant create thread, errno=11, Resource temporarily
            # unavailable", OpenVPN's "daemon() failed or unsupported: Resource temporarily unavailable (errno=11)")
            _r(r"\bcan'?t create thread, errno=11\b|\bdaemon\(\) failed or unsupported: Resource temporarily "
               r"unavailable\b", 0.8, "thread and process limits"),
            # round 18 (B), FUSE without a thread to start (lxcfs: "fuse: error creating thread: Resource temporarily
            # unavailable")
            _r(r"\bfuse: error creating thread: Resource temporarily unavailable\b", 0.8, "FUSE daemons (lxcfs)"),
            # round 20 (B), limits a job or container hit: Slurm's step memory limit ("Exceeded step memory limit at
            # some point."), Apptainer without a free loop device ("could not attach image file to loop device: no loop
            # devices available")
            _r(r"\bExceeded step memory limit at some point\b|\bcould not attach image file to loop device: no loop "
               r"devices? available\b", 0.8, "Slurm, Apptainer"),
            # round 21, asyncio out of file descriptors in Home Assistant ("Error doing job: socket.accept() out of
            # system resource")
            _r(r"\bsocket\.accept\(\) out of system resource\b", 0.85, "asyncio (Home Assistant)"),
            # round 22, .NET out of inotify instances ("The configured user limit (128) on the number of inotify
            # instances has been reached", above the unhandled exception it kills the app with)
            _r(r"\bThe configured user limit \([0-9]+\) on the number of inotify instances has been reached\b", 0.85,
               ".NET's file watcher"),
            # round 23, a socket call refused for lack of kernel resources ("Can't connect to knot socket: OS lacked
            # necessary resources")
            _r(r"\bOS lacked necessary resources\b", 0.8, "libknot"),
            # round 24, an IP address pool with nothing left (Azure CNI: "Failed to allocate address: No available
            # addresses."), and inotify's ENOSPC, which is the watch limit, not a full disk ("filewatcher listener
            # encountered error when add watch: no space left on device"); above disk_full
            _r(r"\bFailed to allocate address: No available addresses\b", 0.8, "Azure CNI IPAM"),
            # round 24, waagent's event folder at its file limit ("Exception: WriteToFolder:Too many file under
            # /var/lib/waagent/events exit"; the source line that raises it names a variable, not a path)
            _r(r"\bToo many files? under /", 0.8, "waagent event folder"),
            _r(r"\badd(?:ing)? (?:inotify )?watch(?:es)?\b[^\n]{0,40}: no space left on device\b", 0.85,
               "inotify watch limit (ENOSPC)", priority=125),
            # round 25, a memory map or pool at its configured size (MDBX: "mdbx_cursor_put: MDBX_MAP_FULL", Knex:
            # "Timeout acquiring a connection. The pool is probably full.", Odoo: "Server virtual memory limit (N)
            # reached.", logged at INFO)
            _r(r"\bMDBX?_MAP_FULL\b|\bServer virtual memory limit \([0-9]+\) reached\b", 0.8, "MDBX, Odoo",
               caseless=False, any_level=True),
            # (below service_dependency: Backstage's "Failed to connect to the database ..., KnexTimeoutError: Knex:
            # Timeout acquiring a connection. The pool is probably full." is the database, round 17)
            _r(r"\bTimeout acquiring a connection\. The pool is probably full\b", 0.8, "Knex", caseless=False,
               priority=75),
            # round 26, Windows out of ephemeral ports for a client's connect (Java: "java.net.BindException ...
            # Address already in use: connect"): the client side, not a listener another process holds, so it outranks
            # port_conflict (freePort would kill the server the client talks to)
            _r(r"\bAddress already in use: connect\b", 0.85, "Java on Windows, ephemeral ports", caseless=False,
               priority=150, any_level=True),
            # round 26, a host or a worker out of resources (hcsshim: "Insufficient system resources exist to complete
            # the requested service"; Splash: "maxrss exceeded 1000 MB, shutting down..."; Crawlee: "Memory is
            # critically overloaded")
            _r(r"\bInsufficient system resources exist to complete the requested service\b|\bmaxrss exceeded [0-9]+ "
               r"?MB\b|"
               r"\bMemory is critically overloaded\b", 0.8, "Windows containers, Splash, Crawlee", caseless=False,
               any_level=True),
            # round 28, buffers, pools and descriptors used up (Fluentd: "BufferOverflowError", "failed to write data
            # into buffer by buffer overflow"; D-Bus: "destination has a full message queue"; Elixir's DBConnection:
            # "connection not available and request was dropped from queue"; Erlang's EMFILE:
            # '{file_error,"/x",emfile}', "could not write core file: emfile")
            _r(r"\bBufferOverflowError\b|\bfailed to write data into buffer by buffer overflow\b|\bdestination has a "
               r"full message queue\b|\bconnection not available and request was dropped from queue\b|"
               r"\{file_error,\"[^\"\n]+\",emfile\}|\bcould not write core file: emfile\b", 0.8,
               "Fluentd, D-Bus, DBConnection, Erlang", caseless=False, any_level=True),
            # round 32, SeaweedFS's master without a volume slot to assign ("AssignVolume: ... no free volumes left
            # for")
            _r(r"\bno free volumes left for\b", 0.8, "SeaweedFS", caseless=False, any_level=True),
            # round 39, osquery's watchdog stopping a worker over its configured CPU limits ("osqueryd worker (7211):
            # System performance limits exceeded")
            _r(r"\bworker \([0-9]+\): System performance limits exceeded\b", 0.8, "osquery", caseless=False,
               any_level=True),
            # round 44, PHP's exec() that could not fork its helper ("exec(): Unable to fork [command -v exiftool]")
            _r(r"\bexec\(\): Unable to fork \[", 0.8, "PHP", caseless=False, any_level=True),
            # round 46, Cyclone DDS out of participant slots ("Failed to find a free participant index for domain 0")
            _r(r"\bFailed to find a free participant index for domain\b", 0.8, "Cyclone DDS", caseless=False,
               any_level=True),
            # round 49, a systemd socket unit at its connection limit ("saned.socket: Too many incoming connections (1),
            # refusing connection attempt.")
            _r(r"\.socket: Too many incoming connections \([0-9]+\), refusing connection attempt\b", 0.8, "systemd",
               caseless=False, any_level=True),
            # round 53, gRPC's message size limit ("code = ResourceExhausted desc = grpc: trying to send message larger
            # than max (2409346693 vs. 2147483647)": Argo's workflow controller)
            _r(r"\bcode = ResourceExhausted desc = grpc: (?:trying to send|received) message larger than max\b", 0.8,
               "gRPC", caseless=False, any_level=True),
            # round 55, the OpenTelemetry Collector's memory limiter losing data ("Memory usage is above soft limit.
            # Dropping data.")
            _r(r"\bMemory usage is above (?:soft|hard) limit\. (?:Dropping|Refusing) data\b", 0.8,
               "OpenTelemetry Collector", caseless=False, any_level=True),
        ),
    ),
)

SECURITY_EVENT = "security event"

# Lines that talk *about* an error instead of reporting one, or report that it is over.
VETOES: tuple[PatternRegex, ...] = (
    _r(r"\bif you (?:see|get|encounter|receive|hit|run into|are seeing|notice)\b", 1.0, "documentation"),
    _r(r"\b(?:this|the|that|an?) (?:error|message|warning)(?: message)? (?:means|indicates|occurs|happens|"
       r"is (?:shown|printed|logged|raised|harmless|expected|normal))\b", 1.0, "documentation"),
    _r(r"[\"'] (?:means|indicates|usually means|is returned|appears|occurs|happens) ", 1.0, "documentation"),
    _r(r"(?:^|[^a-z\n])e\.g\.", 1.0, "documentation"),
    _r(r"\b(?:for example|for instance)\b", 1.0, "documentation"),
    _r(r"\btroubleshoot(?:ing)?\b", 1.0, "documentation"),
    _r(r"\bhow to (?:fix|resolve|solve|avoid|handle|debug)\b", 1.0, "documentation"),
    _r(r"\b(?:this|which|it|that) (?:usually |typically |often |probably )?(?:means|indicates)\b", 1.0,
       "documentation"),
    _r(r"\bwhy (?:do|does|am|is|are|did) (?:i|we|you|it|my)\b", 1.0, "documentation / questions"),
    _r(r"^[ \t]*(?:[-*]|[0-9]+\.) `", 1.0, "markdown list quoting an error"),
    _r(r"\b(?:errors|messages) (?:like|such as)\b", 1.0, "documentation"),
    _r(r"\b(?:common|typical|known|possible) (?:errors?|causes?|failures?|problems?|issues?)\b", 1.0,
       "documentation"),
    # (not Go's "panic: ... [recovered]": a deferred function caught the panic and panicked again, the program dies;
    # round 17)
    _r(r"(?:^|[^\[A-Za-z0-9_\n])(?:recovered|reconnected|re-?established)\b", 1.0, "failure is over"),
    _r(r"\b(?:to avoid|to prevent|protect against|guard against)\b", 1.0, "precaution, not a failure"),
    _r(r"\b(?:e?grep|zgrep|rg) (?:-[a-zA-Z]+ )*[\"']", 1.0, "a search command quoting an error"),
    _r(r"\b(?:will|would|may|might|can|could) (?:result in|cause|lead to|produce|return|throw|raise)\b", 1.0,
       "documentation"),
    _r(r"\b(?:indicates|means) (?:that|the|a|an)\b", 1.0, "documentation"),
    _r(r", ignoring: ", 1.0, "systemd and others: a failure the program goes on without"),
    # Changelogs: "- Fixed ...", "* [#791]: Fix ...", " + 385651 Message ..." (an issue number)
    # A bare leading number followed by a program ("- 123 app: No space left on device") is a list-formatted log
    # line, not a changelog entry ("+ 385651 Message ...", "- 1234 Fix ...": a capitalised word or a verb).
    _r(r"^[ \t]*[-*+][ \t]+(?:\[[^]\n]*\]:?[ \t]*)*(?:#[0-9]+:? )?(?:(?:attempted )?fix(?:ed|es)?\b|add(?:ed|s)?\b|"
       r"remove[ds]?\b|change[ds]?\b|update[ds]?\b|improve[ds]?\b|prevents?\b|handles?\b|support\b|allow\b|"
       r"avoid\b)", 1.0, "changelog"),
    _r(r"^[ \t]*[-*+][ \t]+(?:\[[^]\n]*\]:?[ \t]*)*(?:#[0-9]+:? |[0-9]{3,} )[A-Z][a-z]", 1.0,
       "changelog (numbered entry)", caseless=False),
    _r(r"^[ \t]*#{2,6} ", 1.0, "markdown heading"),
    _r(r"^[ \t]*\.\. [a-z]+::", 1.0, "reStructuredText directive"),
    _r("(?:├|└|│)─", 1.0, "tree drawing (exception hierarchies)"),
    # An explicit info/debug level: the application itself does not call it a failure.
    _r(r"\blevel=\\?\"?(?:info|debug|trace)\b", 1.0, "logfmt level", level_veto=True),
    _r(r"\\?\"(?:level|severity)\\?\"[ \t]*:[ \t]*\\?\"(?:info|debug|trace)\b", 1.0, "JSON log level",
       level_veto=True),
    # A bracketed level column ("[Info   ]", "[INFO]", "[Debug]") is the same statement, unless the line itself calls
    # something an error or a failure (LEVEL_KEEP): programs that log a failure event at info say so in words
    # ("[INFO] Error from tcs; backing off ...", "[INFO] Reason: Worker failed to boot."), a bare error text relayed
    # at info ("[ApiProxy][Info   ] msg=\"i/o timeout\"") is not the program's failure
    _r(r"\[(?:info|debug|trace)[ \t]*\]", 1.0, "bracketed level column", soft_level=True),
    # klog/glog's header letter is the level the same way ("I0723 17:14:34.835212  1 iptables.go:200] Could not
    # connect to D-Bus system bus: ...", kube-proxy going on without firewalld): an info line of a Kubernetes
    # component; the kubelet's probe verdicts, logged at info, count (any_level)
    _r(r"(?:^|[ \t:\]])I[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+ +[0-9]+ [A-Za-z0-9_.-]+:[0-9]+\] ", 1.0,
       "klog info level", caseless=False, level_veto=True),
    _r(r"\b(?:errors|failures|count|total)[ \t]*[=:][ \t]*0(?:[^0-9.\n]|$)", 1.0,
       "a zero counter"),
    # Security events: a rejected login or a sandbox denial is reported, never remediated (fixPermissions on a
    # brute-force attempt would be wrong).
    *(_r(rx, 1.0, SECURITY_EVENT) for rx in (
        r"\bauthentication fail(?:ure|ed)\b", r"\bFailed password for\b", r"\binvalid user\b", r"\breplay cache\b",
        r"\bkerberos\b", r"\b(?:klogind|kadmind|krb5kdc)\b", r"\[preauth\]", r"POSSIBLE BREAK-IN",
        r"\bsandboxd\b", r"\bdeny(?:\([0-9]+\))? (?:network|file|mach|process)-",
        r"apparmor=\\?\"DENIED", r"\bavc: +denied\b", r"\bAccess denied for user\b", r"\bFAILED SU\b",
        r"\bnot in sudoers\b", r"FAILED to authenticate", r"\bFAIL LOGIN\b",
        r"\bpassword (?:mismatch|authentication failed)\b",
        # PAM's verdict on a login ("pam_authenticate() failed: Permission denied" is a wrong password)
        r"\bpam_(?:authenticate|acct_mgmt|chauthtok)\(\) failed\b",
    )),
    # macOS's sandbox denial ("kernel[0]: Sandbox: xpcd(45) deny mach-lookup ..."), in its case: round 13's kubelet
    # events say "Failed create pod sandbox: rpc error: ..." of a sandbox whose CNI plugin or runtime is missing
    _r(r"\bSandbox: ", 1.0, SECURITY_EVENT, caseless=False),
    # Client-side noise on a server: a client that went away is not the server's failure.
    *(_r(rx, 1.0, "client-side noise") for rx in (
        r"\bfrom remote host\b", r"\bfrom client: Connection reset\b", r"\bkex_exchange_identification\b",
        r"\bwhile waiting for request, client:", r"\bclient (?:closed connection|timed out)\b",
        r"\bConnection reset by [0-9a-f.:]+ port [0-9]",
        # Dovecot's login processes ending a client's session ("imap-login: Disconnected: ... Connection reset by peer")
        r"\b[a-z0-9]+-login: Disconnected\b",
        # a proxy or relay logging a client's flow: the destination is the client's choice ("process connection from
        # 1.2.3.4:5678: dial tcp ...: connection refused", "[src:...] [dst:...] [error:... i/o timeout]")
        r"\bconnection from [^ \n]+:[0-9]+: dial ", r"\bsrc[:=][^ \n]+[] ,]+\[?dst[:=]",
        # a rule-based proxy (Clash and its kind) dialling a client's destination through a named outbound: "dial
        # <proxy or rule name> error: dial tcp4 1.2.3.4:6800: i/o timeout" (Go's own dial says "dial tcp ...")
        r"\bdial [^\n:]{1,60} error: dial (?:tcp|udp)[46]? ",
    )),
    # a client's connect that found no local address for the family it tried (libpq's IPv6 attempt at "localhost" after
    # the IPv4 refusal): not the service's listen address (config_error's "cannot assign requested address")
    _r(r"\b(?:could not|cannot|can't|unable to|failed to) connect to [^\n]{0,80}: Cannot assign requested address", 1.0,
       "a client's connect, not a listen address"),
    # an IPv6 listen socket on a host or container without IPv6 ("LOG:  could not bind IPv6 socket: Cannot assign
    # requested address", PostgreSQL logs each address and goes on with IPv4; a fatal "could not create any TCP/IP
    # sockets" follows when nothing is left): not a configured address that is wrong
    _r(r"\bIPv6 (?:address|socket)[^\n]{0,60}: Cannot assign requested address", 1.0, "IPv6 unavailable (dual-stack)"),
    # round 12, a dial to an IPv6 literal on a host without an IPv6 route ("dial tcp [2a03:b0c0::1]:443: connect:
    # network is unreachable", Tailscale and Go clients trying IPv6 first and falling back to IPv4)
    _r(r"\bdial (?:tcp|udp)6? \[[0-9a-fA-F:]+\]:[0-9]+: connect: network is unreachable", 1.0,
       "IPv6 unreachable (dual-stack fallback)"),
    # round 12, systemctl status's summary of the unit's state ("Active: failed (Result: start-limit-hit) since ..."):
    # the journal lines below it carry the failure (corpus README: `Active: failed (Result: ...)` is none)
    _r(r"\bActive: (?:failed|activating \(auto-restart\)) \(Result: [a-z-]+\)", 1.0, "systemctl status summary"),
    # filesystem walkers (df, du, find) reporting an entry they cannot read and skip (another container's mount)
    _r(r"(?:^|[ \t|])(?:df|du|find): [^\n]*: Permission denied[ \t\r]*$", 1.0, "a walker skipping an entry"),
    # a traceback header at the end of a line ("[ERROR] Uncaught exception: Traceback (most recent call last):"):
    # the traceback follows, its exception line carries the pattern (corpus README)
    _r(r"\bTraceback \(most recent call last\):[ \t\r]*$", 1.0, "traceback header", caseless=False),
    # a source line quoted in a Python traceback ("    raise ReadTimeoutError(self._pool, None, 'Read timed out.')"):
    # code that raises the exception, not the exception; the traceback's last line carries the pattern
    _r(r"^[ \t]+raise [A-Za-z_][A-Za-z0-9_.]*(?:\(|[ \t\r]*$)", 1.0, "traceback source line", caseless=False),
    # an error a D-Bus peer (or the bus itself) returned to this client ("Failed to StopUnit service:
    # GDBus.Error:org.freedesktop.DBus.Error.Spawn.ChildExited: Process ... exited with status 1"): the line is about
    # the peer, which logs its own failure; this client is not the one to remediate
    _r(r"\bG?DBus\.Error[:.]", 1.0, "a D-Bus peer's error reply"),
    # sftp-server's verbose log of the status it answered a client with (a client's request, not the server failing)
    _r(r"\b(?:sftp-server|internal-sftp)\[[0-9]+\]: sent status ", 1.0, "client-side noise"),
    # PAM reporting a module it cannot load: the login stack goes on with its other modules, the daemon runs
    _r(r"\bPAM (?:unable to dlopen\(|\[dlerror: )", 1.0, "PAM module load (the daemon runs)"),
    # PostgreSQL's answer to a session's SET/SHOW of an unknown parameter (the server's own configuration is
    # reported at LOG/FATAL with the file)
    _r(r"\bERROR: +(?:[0-9A-Z]{5}: +)?unrecognized configuration parameter\b", 1.0,
       "PostgreSQL: a client's statement"),
    # EPERM/EACCES on a network send (a firewall refusing BIND's queries: "permission denied resolving
    # 'ns1.example/A/IN': 2001:500::1#53", sendto/sendmsg failing) or on mknod without the capability ("cp: cannot
    # create special file '.../dev/null': Operation not permitted"): no file mode fixPermissions could change
    _r(r"\bpermission denied resolving\b|\b(?:sendto|sendmsg|send)(?:\(\))?(?: failed)?[^\n]{0,40}: "
       r"(?:Permission denied|Operation not permitted)", 1.0, "EPERM on a network send"),
    # round 12, the kernel's netlink refusing a change of the network configuration ("RTNETLINK answers: Permission
    # denied" when wg-quick, ip or an OpenVPN up script adds an IPv6 address where IPv6 is disabled, or runs without
    # CAP_NET_ADMIN in a container): no file whose owner or mode fixPermissions could change
    _r(r"\bRTNETLINK answers: (?:Permission denied|Operation not permitted)", 1.0, "a netlink refusal (no file)"),
    _r(r"\b(?:cannot|can't|could not|unable to|failed to) (?:create|make) (?:special|fifo|device|block special|"
       r"character special) file\b[^\n]*Operation not permitted|\bmknod[^\n]{0,80}Operation not permitted", 1.0,
       "EPERM on mknod (a capability, not a file mode)"),
    # a numeric errno field of an error object on a line of its own (Node.js: "  errno: -111,"): the code field of
    # the same object ("code: 'ECONNREFUSED'") carries the pattern, as the corpus labels it
    # (round 22: also under a Compose prefix, "immich_server  |   errno: -111,")
    _r(r"^(?:[^ \n|]+ +\| )?[ \t]+errno: -?[0-9]+,?[ \t\r]*$", 1.0, "an error object's errno field"),
    # Go's net/http recovering a handler's panic ("http: panic serving 10.0.0.1:4242: runtime error: ..."): the server
    # goes on
    _r(r"\bhttp: panic serving\b", 1.0, "a recovered handler panic"),
    _r(r"\bpermission denied for (?:table|schema|relation|database|sequence|function|view|column|language|"
       r"tablespace)\b", 1.0, "SQL privilege (a grant, not a file mode)"),
    # round 13, a gRPC server's note that one client's connection failed before it spoke (Istio pilot: 'grpc:
    # Server.Serve failed to create ServerTransport: connection error: desc = "transport:
    # http2Server.HandleStreams failed to receive the preface from client: read tcp ...: i/o timeout"'): the client's,
    # not this server's failure
    _r(r"\bServer\.Serve failed to create ServerTransport\b", 0.0, "gRPC server: a client's failed connection"),
    # round 13, kube-proxy probing for an optional kernel module it falls back without (IPVS): 'level=warning
    # msg="Running modprobe ip_vs failed with message: `modprobe: ERROR: could not insert 'ip_vs': Exec format error'
    _r(r"\bRunning modprobe [^ \n]+ failed with message\b", 0.0, "kube-proxy's optional module probe"),
    # round 14, ClickHouse's own second listener (its image listens on "::" and 0.0.0.0 with listen_try, so the
    # IPv4 bind fails on the port it already serves and it goes on): "<Warning> Application: Listen [0.0.0.0]:8123
    # failed: ... Address already in use"; a real conflict stops it with an <Error>
    _r(r"<Warning> Application: Listen \[[^]\n]*\]:[0-9]{1,5} failed\b", 0.0, "ClickHouse listen_try warning",
       caseless=False),
    # round 14 (B), a process stopped by SIGTERM (exit code 143 = 128 + 15: "Performance analyzer exited with code
    # 143", a Compose service stopped with the stack), like systemd's status=143 (round 12): no crash
    _r(r"\bexited with code 143\b", 0.0, "exit code 143 (SIGTERM)"),
    # round 15, a server that moves on to the next port on its own (Jupyter: "The port 8888 is already in use, trying
    # another port."), and IPython's numbered source lines of a traceback ("--> 340     raise ReadTimeoutError(",
    # "    341         self, url, ..."): code, not a failure
    _r(r"\bis already in use, trying another port\b", 0.0, "a server that picks another port"),
    _r(r"^(?:-->|[ \t]{3,})[ \t]*[0-9]{1,5}[ \t]{3,}[^ \t\n]", 0.0, "IPython traceback source line"),
    # round 15 (B), a web framework's handler exception for one request (Tornado in JupyterHub and Jupyter: "Uncaught
    # exception GET /hub/user/x/ (10.0.0.1)"): the request failed, the server goes on
    _r(r"\bUncaught exception (?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) /", 0.0, "a web handler's request exception",
       caseless=False),
    # round 16, a TLS server's note that one client dropped its handshake ("http: TLS handshake error from
    # 66.133.109.36:51020: write tcp ...: write: connection reset by peer"): the client's doing; and ngrok's update
    # check ('msg="failed to check for update" obj=updater'): an optional call home
    _r(r"\bhttp: TLS handshake error from [^ \n]+: (?:read|write) tcp [^ \n]+: (?:read|write): connection reset by "
       r"peer\b", 0.0, "a client's dropped TLS handshake"),
    _r(r"msg=\"failed to check for update\" obj=updater\b", 0.0, "ngrok's update check"),
    # round 16 (B), Teleport's fallback tunnel port tried and refused ("connecting to auth server through tunnel: This
    # is the alternative port we tried and it's not configured. ... connection refused"): an unused path, says so
    _r(r"\bThis is the alternative port we tried and it's not configured\b", 0.0, "Teleport's unused fallback port"),
    # round 16 (B), ngrok's fixed remote address still held by the agent's own earlier session on ngrok's servers
    # ('err="The tunnel \'tcp://0.tcp.ngrok.io:18899\' is already bound to another tunnel session ... ERR_NGROK_334"'):
    # the port is on ngrok's side, nothing on this node holds it
    _r(r"\bis already bound to another tunnel session\b", 0.0, "ngrok's remote address (ERR_NGROK_334)"),
    # round 17, Verdaccio's log of one request it proxied to a public uplink ("http --- ERR, req: 'GET
    # https://registry.npmjs.org/x', error: read ECONNRESET"): the remote registry's answer, nothing local to fix; and
    # wait-on polling the server its script has just started ("HTTP(S) error for http://localhost:8080 Error: connect
    # ECONNREFUSED"), by design until it answers
    _r(r"\bhttp --- ERR, req: '[A-Z]+ https?://", 0.0, "Verdaccio's uplink request"),
    _r(r"^[ \t]*HTTP\(S\) error for https?://[^ \n]+ Error: ", 0.0, "wait-on's start-up poll"),
    # round 17 (B), the GitHub Actions runner's legacy job-notification monitor that dials a port nothing listens on by
    # design ("ERR JobNotification] ... Connection refused [::ffff:127.0.0.1]:49100"), and a CI step's summary that a
    # build tool exited ("Error: Error: buildah exited with code 125": the cause is on the lines above)
    _r(r"\bJobNotification\] [^\n]*\bConnection refused\b[^\n]*:49100\b", 0.0, "the Actions runner's monitor port"),
    _r(r"\bbuildah exited with code [0-9]+\b", 0.0, "a build tool's exit summary"),
    # round 18, Vagrant waiting for a guest it has just booted ("default: Warning: Connection refused. Retrying..."):
    # polls by design until the guest's SSH answers
    _r(r"\bWarning: (?:Connection refused|Connection reset|Remote connection disconnect)\. Retrying\.\.\.", 0.0,
       "Vagrant's boot wait"),
    # round 18 (B), a cgroup file system that refuses the operation ("ln: failed to create symbolic link
    # '/sys/fs/cgroup/systemd/name=systemd': Operation not permitted": a kernel interface, no file mode to fix), and
    # GTK's display connection ("Unable to init server: Could not connect: Connection refused": no service behind it)
    _r(r"'?/sys/fs/cgroup/[^ \n']*'?: Operation not permitted\b", 0.0, "the cgroup file system"),
    _r(r"\bUnable to init server: Could not connect: Connection refused\b", 0.0, "GTK's display connection"),
    # round 19, a client's attempt at one address of several that it moves on from: curl's trace ("* Immediate connect
    # fail for 2001:388:...: No route to host", then "* Connected to ...") and freshclam's mirror attempt
    # ("nonblock_connect: connect(): fd=5 errno=101: Network is unreachable", then the next address)
    _r(r"^\*[ \t]+Immediate connect fail for \b|\bnonblock_connect: connect\(\): fd=[0-9]+ errno=101: Network is "
       r"unreachable\b", 0.0, "one address of several tried"),
    # round 19 (B), Postfix's SMTP client that cannot reach a remote mail exchanger on port 25 ("postfix/smtp[396]:
    # connect to mail.example.net[45.56.102.194]:25: Connection timed out", and the deferral that quotes it): the
    # mail waits in the queue for the next try; the remote's or the network provider's matter, nothing on this node to
    # restart. (A refusal on port 25 stays a refusal.) And Prosody without an IPv6 loopback ("Failed to open server
    # port 52800 on ::1, Cannot assign requested address"): it serves on 127.0.0.1
    _r(r"\bconnect to [^ \n]+\[[^]\n]+\]:25: (?:Connection timed out|Operation timed out|Network is unreachable)\b|"
       r"\bFailed to open server port [0-9]+ on ::1, Cannot assign requested address\b", 0.0,
       "a remote mail exchanger, an IPv6 loopback"),
    # round 20, GlusterFS probing translators it can go without ("W [MSGID: 101095]
    # [xlator.c:213:xlator_volopt_dynload] 0-xlator: DL open failed [{error=.../nfs/server.so: cannot open shared
    # object file: ...}]"): an optional module, logged at W
    _r(r"\bxlator_volopt_dynload\] 0-xlator: DL open failed\b", 0.0, "GlusterFS's optional translators"),
    # round 20 (B), Apptainer told to run a directory ("ERROR  : Exec failed: /tmp/container/: Permission denied"): a
    # path that is no program, no mode to fix
    _r(r"\bExec failed: [^ \n]*/: Permission denied\b", 0.0, "exec of a directory"),
    # round 21, an MQTT broker's authentication answer ("MQTT failed to connect, exiting... (Connection refused: Not
    # authorized)", "Connection refused: Bad username or password"): credentials, like the authentication answers of
    # rounds 17 and 19; and an s6 service stopped by SIGTERM ("Service NGINX exited with code 256 (by signal 15)")
    _r(r"\bConnection refused: (?:Not authorized|Bad username or password)\b|\bexited with code [0-9]+ \(by signal "
       r"15\)", 0.0, "an MQTT login refused, an s6 stop"),
    # round 21 (B), apt run without root ("E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend),
    # are you root?": the lock is not held, the user may not take it; a database_lock false flag before), and aiohttp
    # writing to a client that left ("ConnectionResetError: Cannot write to closing transport")
    _r(r"\bUnable to acquire the dpkg frontend lock \([^)\n]+\), are you root\?|\bConnectionResetError: Cannot write to"
       r" closing transport\b", 0.0, "apt without root, a client that left"),
    # round 22, a corrupt SQLite file ("database disk image is malformed"): a data state no remediation here mends;
    # Transmission's IPv6 socket after its IPv4 one bound the same port ("Couldn't bind IPv6 socket ::: Address already
    # in use (98)"): the dual-stack case. (A start-up script's bare "Waiting for Redis..." stays the weak
    # service_dependency hint it is by design: labelled none, it is one of round 22's three benign flags.)
    _r(r"\bdatabase disk image is malformed\b|\bCouldn't bind IPv6 socket ::: Address already in use\b", 0.0,
       "a corrupt database, a dual-stack bind"),
    # round 22 (B), a trace line of an *arr app's log ("17-8-31 11:19:58.8|Trace|Owin|SQLite error (5): database is
    # locked": NLog's trace and debug columns), a Rocket request handler's panic ("thread 'rocket-worker-thread'
    # panicked at ...": the server goes on, like Go's "http: panic serving"), a remote service's recovered panic quoted
    # in a gRPC error ("rpc error: code = Internal desc = runtime error: invalid memory address ..."), Plex's login to a
    # share refused ("Permission denied even after attempted authentication": credentials, no file mode)
    _r(r"^[0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2} [0-9:.]+\|(?:Trace|Debug)\|", 0.0, "NLog's trace/debug column",
       level_veto=True),
    _r(r"\bthread 'rocket-worker-thread' panicked at\b|\bcode = Internal desc = runtime error: |\bPermission denied ev"
       r"en after attempted authentication\b", 0.0, "a request's panic, a remote panic, a login refused"),
    # round 23 (B), a daemon told to log to /dev/null ("Could not open logfile /dev/null: Permission denied"): a device
    # node, not a file whose mode fixPermissions should change
    _r(r"/dev/null: Permission denied\b", 0.0, "/dev/null"),
    # round 26, Chromium in a container without a system bus ("ERROR:bus.cc(434)] Failed to connect to the bus: Failed
    # to connect to socket /var/run/dbus/system_bus_socket: No such file or directory"): printed at every start, the
    # browser runs without it
    _r(r"\bFailed to connect to the bus: ", 0.0, "Chromium without D-Bus"),
    # round 29, Neo4j 3.x ignoring a setting it does not know ("2018-04-03 21:52:02.914+0000 WARN  Unknown config
    # option: ha.host.data"): a warning of a server that starts, not the refusal the config rule is for
    _r(r"^[0-9-]{10} [0-9:.]+\+0000 WARN  Unknown config option: ", 0.0, "Neo4j ignoring a setting"),
    # round 30, lines that carry a failure word but no failure: a JVM stopped by SIGTERM ("code=exited, status=143", the
    # corpus's hard none since round 4); Java's reflection wrapper ('Exception in thread "main"
    # java.lang.reflect.InvocationTargetException'), whose cause follows; OSGi's unbind and deactivate at shutdown ("The
    # deactivate method has thrown an exception java.lang.NoClassDefFoundError"); rsyslogd in a container without the
    # kernel log ("imklog: cannot open kernel log (/proc/kmsg): Operation not permitted"); SPIRE's agent still starting
    # ("Health check has failed. Starting up still.")
    _r(r"\bcode=exited, status=143\b", 0.0, "a JVM stopped by SIGTERM"),
    _r(r"Exception in thread \\?\"main\\?\" java\.lang\.reflect\.InvocationTargetException$", 0.0,
       "Java's reflection wrapper"),
    _r(r"\bThe (?:unset[A-Za-z]*|deactivate) method has thrown an exception\b", 0.0, "OSGi at shutdown"),
    _r(r"\bimklog: cannot open kernel log \(/proc/kmsg\): Operation not permitted\b", 0.0,
       "rsyslogd in a container"),
    _r(r"\bHealth check has failed\. Starting up still\.", 0.0, "SPIRE starting"),
    # round 31, Netdata's plugins ending a collection child ("netdata ERROR : PLUGIN[cgroups] : child pid 775 exited
    # with code 1."): a helper of the collector, not a container
    _r(r"\bERROR : (?:MAIN|PLUGIN\[[a-z.]+\]) : child pid [0-9]+ exited with code [0-9]", 0.0,
       "Netdata's collection children"),
    # round 32, a unit's stop command that failed ("Process: 28009 ExecStop=/usr/lib/rabbitmq/bin/rabbitmqctl shutdown
    # (code=exited, status=69)"): a stop, not a crash (17 such lines across the corpus, all none)
    _r(r"\bProcess: [0-9]+ ExecStop=", 0.0, "a unit's failed stop command"),
    # round 33, noise that names a failure word: Bitnami's notice that a virtual host file is not writable ("... is not
    # writable. Configurations based on environment variables will not be applied"); a crash handler without binutils
    # ("sh: 1: addr2line: not found")
    _r(r"\bis not writable\. Configurations based on environment variables\b|\baddr2line: not found$", 0.0,
       "Bitnami, addr2line"),
    # round 36, Collabora's jail set-up without mount rights ("enterMountingNS, root mount failed (EACCES: Permission
    # denied)", "sh: 1: /usr/bin/coolmount: Operation not permitted"): the server falls back to copying and serves on;
    # no file mode to fix
    _r(r"\benterMountingNS, root mount failed\b|/coolmount: Operation not permitted\b", 0.0, "Collabora's jail"),
    # round 37, request and session noise that names a failure word: Tornado's handler logging a request's exception
    # ("Uncaught exception in /iris/ws", "Uncaught exception GET /x"), a JVM class whose static initialiser failed
    # earlier ("NoClassDefFoundError: Could not initialize class x": not a class missing from the classpath), Z-Push's
    # loop detection ("terminated unexpectedly or is still running": it does not know that anything crashed)
    _r(r"\bUncaught exception (?:in|GET|POST|PUT|DELETE|PATCH) /|\bNoClassDefFoundError: Could not initialize class\b|"
       r"\bterminated unexpectedly or is still running\b", 0.0, "Tornado, the JVM, Z-Push"),
    # round 38, device and session noise that names a failure word: thermald without its optional settings file ("Config
    # file /etc/thermald/thermal-conf.xml does not exist": it uses its defaults), bluetoothd refused by a paired device
    # ("failed connect to 28:52:E0:FF:64:16: Connection refused (111)"), ModemManager falling back from its QMI/MBIM
    # proxy ("cannot connect to proxy: Could not connect: Connection refused")
    _r(r"\bConfig file /etc/thermald/thermal-conf\.xml does not exist\b|"
       r"\bfailed connect to [0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}:[0-9A-F]{2}: |"
       r"\bModemManager\[[0-9]+\]: cannot connect to proxy: ", 0.0, "thermald, bluetoothd, ModemManager"),
    # round 39, failure words that report no failure: a unit's clean-up of a container that was not there ("Process:
    # 2774 ExecStartPre=/usr/bin/docker rm x (code=exited, status=1/FAILURE)", an ignored "-" command; 7 such lines
    # across the corpus, all none), a missing optional settings file the program replaces by its defaults ("External
    # configuration file 'configs/settings.yml' does not exist. Using default configuration"), an office process that
    # exited cleanly ("Office process died with exit code 0")
    _r(r"\bProcess: [0-9]+ ExecStartPre=/usr/bin/docker (?:rm|kill|stop) |"
       r"\bdoes not exist\. Using default configuration\b|\bprocess died with exit code 0\b", 0.0,
       "a unit's container clean-up, default settings, a clean exit"),
    # round 40, a source line a Node.js stack quotes ("throw new TypeError('Cannot open database because the directory
    # does not exist');"): code that throws, not the error (its message is on the error's own line), as Python's raise
    _r(r"(?:^|[|:] )[ \t]*throw new [A-Za-z]*Error\(", 1.0, "JavaScript source line", caseless=False),
    # round 41, a request's PHP fatal that a web app logs ("PHP Fatal error:  Uncaught Error: Call to a member function
    # make() on null": 7 such lines across the corpus, all none), a mail client closing a connection that was already
    # gone ("Error closing the mail server connection: not connected to SMTP server")
    _r(r"\bUncaught Error: Call to a member function [A-Za-z_]+\(\) on (?:null|bool|array|string|int)\b|"
       r"\bError closing the mail server connection\b", 0.0, "PHP request fatals, a mail client's close"),
    # round 42, a crash handler collecting diagnostics without the rights to ("/bin/cat: /proc/41/maps: Permission
    # denied", "dmesg: read kernel buffer failed: Operation not permitted"): the crash is on the lines above; there is
    # no file mode to fix (all none in the corpus)
    _r(r"/bin/cat: /proc/[0-9]+/[a-z_]+: Permission denied\b|"
       r"\bdmesg: read kernel buffer failed: Operation not permitted\b", 0.0, "a crash handler's own diagnostics"),
    # round 43, a schema error under a "could not connect" message ("Unable to connect to the database: SQLITE_ERROR:
    # table x has 7 columns but 8 values were supplied", "duplicate column name", sqlx's 'SqliteError { code: 1,
    # message: "no such table: x" }'): the database answered; a migration failed (all none in the corpus)
    _r(r"\b(?:SQLITE_ERROR: |SqliteError \{ code: 1, message: \")(?:no such (?:table|column)|duplicate column name|"
       r"table [^ \n]+ has [0-9]+ columns but)", 0.0, "a SQLite schema error"),
    # round 43, a fetch or load that goes on without what failed ("... The read operation timed out. Falling back to
    # local backup.", LiteLLM's "Proceeding with model loading using cached/empty config", the Compose CLI's optional
    # "failed to enable Docker Desktop integration")
    _r(r"\bFalling back to local backup\b|\bProceeding with model loading using cached/empty config\b|"
       r"\bfailed to enable Docker Desktop integration\b", 0.0, "a fallback that goes on"),
    # round 44, a media scanner reading a device node ("IsPathMedia (/dev/core): ... open /dev/core: permission
    # denied"): the library path points at /; no file mode to fix (none in the corpus)
    _r(r"\bIsPathMedia \(/(?:dev|proc|sys)/", 0.0, "a scanner walking /dev"),
    # round 44, Go's write to a peer that hung up ("write tcp 127.0.0.1:47788->127.0.0.1:34976: write: connection reset
    # by peer"): the request's outcome, not a refused service (all none in the corpus)
    _r(r"\bwrite tcp [^ \n]+->[^ \n]+: write: connection reset by peer\b", 0.0, "a peer that hung up mid-write"),
    # round 46, a discovery announcement that could not be sent (SoapyRemote's SSDP "sendto(udp://[ff02::c]:1900) [99:
    # Cannot assign requested address]"): the server runs and accepts clients (none in the corpus)
    _r(r"\bsendto\(udp://\[?(?:ff0[0-9a-f]:[^\]\n]*|239\.255\.255\.250)\]?:1900\)", 0.0, "an SSDP announcement"),
    # round 46, Apache's proxy whose client went away mid-request ("(104)Connection reset by peer: AH01075: Error
    # dispatching request to"): the request's outcome (none in the corpus)
    _r(r"\(104\)Connection reset by peer: AH01075: Error dispatching request to\b", 0.0, "a client that hung up"),
    # round 47, lines that quote a state rather than report one: Freqtrade's notification "Sending rpc message: {'type':
    # status, 'status': 'process died'}", Sunshine's encoder probe refused by the driver ("Could not open codec
    # [h264_nvenc]: Operation not permitted", no file mode to fix), Prowlarr's indexer proxy test ("FlareSolverr: Proxy
    # Health Check failed": the proxy answered) (all none in the corpus)
    _r(r"\bSending rpc message: \{|\bCould not open codec \[[^\]\n]+\]: Operation not permitted\b|"
       r"\bProxy Health Check failed\b", 0.0, "a notification, an encoder probe, a proxy test"),
    # round 48, start-up scripts doing their job: SearXNG's entrypoint ('"/etc/searxng/settings.yml" does not exist,
    # creating from template...'), a script writing a cgroup v1 knob on a cgroup v2 host ("line 39:
    # /sys/fs/cgroup/memory/memory.swappiness: No such file or directory": harmless) (all none in the corpus)
    _r(r"\bdoes not exist, creating from template\b|: line [0-9]+: /sys/fs/cgroup/[^ \n]+: No such file or directory\b",
       0.0, "a start-up script's template copy, a cgroup v1 knob"),
    # round 49, lines that name a failure but are not one: a USB printer's bulk transfer that timed out (a device fault,
    # "libusb_bulk_transfer: Operation timed out"), an application reloading a settings file it has not written yet
    # ("devices.json does not exist. Reloading"), atheme closing its uplink after the server's own refusal
    # ("connection_close(): connection tcp connection: 127.0.0.1[6] closed due to error 104 (Connection reset by
    # peer)"), memos answering one request with an error ('server error method=/memos.api.v2.LinkService/GetLinkMetadata
    # error="Get ...: connection refused"': a request outcome) (all none in the corpus)
    _r(r"\blibusb_[a-z_]+: Operation timed out\b|\.json does not exist\. Reloading\b|"
       r"\bconnection_close\(\): connection [^\n]{1,100} closed due to error 104\b|"
       r"\bserver error method=/memos\.api\.", 0.0, "a USB fault, a reload, atheme's uplink close, a request outcome"),
    # round 50, x11vnc's VNC client hanging up ("rfbProcessClientNormalMessage: read: Connection reset by peer", then
    # "Client 127.0.0.1 gone"): client-side noise (none in the corpus)
    _r(r"\brfbProcessClientNormalMessage: read: Connection reset by peer\b", 0.0, "x11vnc's client hung up"),
    # round 51, failures a program handled: go-restful's recovered handler panic ("[restful] recover from panic
    # situation: - runtime error: ..."), k9s without metrics-server ("Fail to locate metrics-server error=..."),
    # DisTube's ffmpeg child for one song ("DisTubeError [FFMPEG_EXITED]: ffmpeg exited with code 1": not a container)
    # (all none in the corpus)
    _r(r"\[restful\] recover from panic situation\b|\bFail to locate metrics-server\b|"
       r"\bDisTubeError \[FFMPEG_EXITED\]", 0.0, "a recovered panic, k9s's optional metrics, DisTube's ffmpeg"),
    # round 52, lines that name a failure but are not one: a shell's trace of an echo ("+ echo 'waiting for postgresql
    # to start up'": the command, not an event; 31 lines of the corpus, all none), a Docker daemon inside a function
    # server that may not mount ("mount: permission denied (are you root?)": a capability, no file mode to fix) (all
    # none in the corpus)
    _r(r"^\+ echo |^mount: permission denied \(are you root\?\)$", 0.0, "a shell trace of echo, dind's mount"),
    # round 53, lines that name a failure but are not one: Istio's validation controller at info ("Not ready to switch
    # validation to fail-closed: dummy invalid config not rejected"), Gloo's usage telemetry ("Error while reporting
    # usage") (all none in the corpus)
    _r(r"\bNot ready to switch validation to fail-closed\b|\bError while reporting usage\b", 0.0,
       "Istio's validation warm-up, Gloo's usage report"),
    # round 54, lines that name a failure but are not one: gssproxy's realpath of a process's exe inside a container
    # ("Unexpected failure in realpath: 13 (Permission denied)": harmless), systemd's start timeout ("start operation
    # timed out. Terminating.": it names no cause; none in the corpus every time) (all none in the corpus)
    _r(r"\bUnexpected failure in realpath: 13 \(Permission denied\)|: start operation timed out\. Terminating\.$", 0.0,
       "gssproxy's realpath, systemd's start timeout"),
    # round 55, lines that name a failure but are not one: Zeppelin going on with defaults ("Failed to load
    # configuration, proceeding with a default"), JupyterHub's proxy seeing a client hang up ("[ConfigProxy] error:
    # Error: read ECONNRESET"), the kernel's BPF verifier refusing a tracer program ("loading and assigning BPF objects:
    # ... permission denied": no file mode to fix; 6 lines of the corpus, all none), gRPC's channel state at info
    # ("Subchannel Connectivity change to IDLE, last error: ..."; 5 lines, all none), a forge's recovered request panic
    # ("RenderPanicErrorPage() [E] PANIC:", "[Macaron] PANIC:", "router: failed GET ... panic in") (all none in the
    # corpus)
    _r(r"\bFailed to load configuration, proceeding with a default\b|"
       r"\[ConfigProxy\] error: (?:Uncaught Exception: |Error: )?read ECONNRESET\b|"
       r"\bloading and assigning BPF objects: |\bSubchannel Connectivity change to [A-Z_]+, last error: |"
       r"\bRenderPanicErrorPage\(\) \[E\] PANIC: |\[Macaron\] PANIC: |\brouter: failed +[A-Z]+ [^\n]{1,300}, panic in ",
       0.0, "defaults, a client's hang-up, the BPF verifier, gRPC's channel state, a recovered request panic"),
    # round 56, lines that name a failure but are not one: restic skipping what it cannot read ("ignored error in .dbus:
    # unable to read directory: ... permission denied"), Transmission's UDP sends to a peer ("WRN tr-udp.cc:258 Couldn't
    # send to [x]:n: 101 (Network is unreachable)"), NCCL's optional network plugin at INFO ("NCCL INFO NET/Plugin:
    # Plugin load returned 2 : libnccl-net.so: cannot open shared object file")
    _r(r"\bignored error in [^:\n]{1,200}: unable to read directory: |\btr-udp\.cc?:[0-9]+ Couldn't send to |"
       r"\bNCCL INFO NET/Plugin: ", 0.0, "skipped files, a peer's UDP send, an optional plugin"),
    # round 57, Wings' SFTP server seeing a client hang up ("sftp: failed to accept inbound connection error=read tcp
    # ...: read: connection reset by peer")
    _r(r"\bsftp: failed to accept inbound connection\b", 0.0, "an SFTP client's hang-up"),
    # round 58, a line that names a failure but is not one: Passenger's request that could not read from its spawn
    # server (the spawn server's own error is the failure)
    _r(r"\bCould not read from the spawn server: ", 0.0, "a request's view of a spawn failure"),
    # round 59, lines that name a failure but are not one: a Java client's hang-up under the warning that reports it
    # ("java.io.IOException: Connection reset by peer" alone: 3 lines before, all none), Wazuh's agent socket reset
    # under its "Lost connection with manager" ("ERROR: Connection socket: Connection reset by peer"), Wazuh's start-up
    # wait at INFO ("INFO: Cannot connect to 'queue/db/wdb': Connection refused (111). Waiting 1 seconds to
    # reconnect."), auditd's pid refused while an older auditd holds it ("Error setting audit daemon pid (Permission
    # denied)": no file mode to fix), Dask's dashboard port taken ("UserWarning: Port 8787 is already in use.": it
    # serves on another port)
    _r(r"^java\.io\.IOException: Connection reset by peer$|\bERROR: Connection socket: Connection reset by peer\b|"
       r": INFO: Cannot connect to 'queue/db/wdb': |\bError setting audit daemon pid \(Permission denied\)|"
       r"\bUserWarning: Port [0-9]+ is already in use\.", 0.0,
       "a client's hang-up, an agent's reset socket, a start-up wait, auditd's pid, Dask's dashboard port"),
    # round 60, lines that name a failure but are not one: the Actions runner's write to /proc in a container ("Access
    # to the path '/proc/64/oom_score_adj' is denied."), an NFS server refusing a mount ("mount.nfs: mount(2):
    # Permission denied": none or config_error to round 60's readers, permission_denied to neither; no local file mode
    # to fix), Flyway's debug note before it looks elsewhere ("DEBUG: Unable to load config file: /x/flyway.conf")
    _r(r"\bAccess to the path '/proc/[0-9]+/oom_score_adj' is denied\b|\bmount\.nfs: mount\(2\): Permission denied\b|"
       r"^DEBUG: Unable to load config file: ", 0.0, "a write to /proc, an NFS server's refusal, a debug note"),
)

# Failure words that cancel a soft level veto (a bracketed info/debug level column) on their line. Each regex needs the
# bracketed level too, so that the buffer scan only sees them on the lines where they decide something.
_FAILURE_WORDS = (r"(?:error|errors|err|fail|fails|failed|failing|failure|fatal|panic|crash|crashed|abort|aborted|"
                  r"died|killed|refused|denied|unable|cannot|can't|could not)")
LEVEL_KEEP: tuple[PatternRegex, ...] = (
    _r(r"\[(?:info|debug|trace)[ \t]*\][^\n]*\b" + _FAILURE_WORDS + r"\b", 1.0, "failure word after the level",
       level_keep=True),
    _r(r"\b" + _FAILURE_WORDS + r"\b[^\n]*\[(?:info|debug|trace)[ \t]*\]", 1.0, "failure word before the level",
       level_keep=True),
)


def pattern_ids() -> tuple[str, ...]:
    return tuple(p.id for p in PATTERNS)


def get(pattern_id: str) -> PatternDef:
    for p in PATTERNS:
        if p.id == pattern_id:
            return p
    raise KeyError(pattern_id)


if set(pattern_ids()) != set(PATTERN_IDS):  # pragma: no cover - guards edits to this file
    raise RuntimeError("pattern library out of sync with controller.constants.PATTERN_IDS")
