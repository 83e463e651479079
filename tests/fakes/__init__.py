"""In-process fakes of outside services (GitHub REST API, webhook receivers, the advisor) that speak the
real wire protocol on 127.0.0.1, so the real clients (PyGithub, requests) are exercised end to end."""
