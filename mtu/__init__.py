"""MTU: vocational training by Mobile Training Units for district manpower offices."""

from pathlib import Path

from flask import Flask

from mtu.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Config | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, and the guards around them."""
    config = config or load_config()
    config.check()
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    app.config.from_object(config)
    Path(app.instance_path).mkdir(exist_ok=True)

    from mtu import numbers

    numbers.init_app(app)  # `<int:…>` in every rule: ASCII digits, within the columns' range

    from mtu import assets, errors, offline, security, templating
    from mtu.extensions import babel, compress, csrf, db, htmx, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    offline.init_app(app)
    errors.init_app(app)

    from mtu import (
        aftercare,
        attendance,
        audit,
        auth,
        batches,
        calendar,
        candidates,
        certificates,
        companies,
        courses,
        credentials,
        csr,
        dashboard,
        demo,
        facilities,
        fleet,
        home,
        job_fairs,
        participants,
        placements,
        portal,
        prison_programs,
        proposals,
        regions,
        reports,
        submissions,  # noqa: F401 (its table)
        trainers,
        villages,
    )
    from mtu.certificates import public as verification

    for blueprint in (auth.bp, home.bp, regions.bp, proposals.bp, villages.bp, courses.bp,
                      trainers.bp, fleet.bp, batches.bp, participants.bp, facilities.bp,
                      attendance.bp, certificates.bp, verification.bp, credentials.bp,
                      companies.bp,
                      portal.bp, placements.bp, job_fairs.bp, aftercare.bp, csr.bp,
                      reports.bp, candidates.bp, prison_programs.bp, dashboard.bp, audit.bp,
                      calendar.bp):
        app.register_blueprint(blueprint)
    demo.init_app(app)
    from mtu.auth import cli as users_cli
    from mtu.credentials import cli as credentials_cli
    from mtu.participants import cli as imports_cli

    users_cli.init_app(app)
    imports_cli.init_app(app)
    credentials_cli.init_app(app)
    from mtu import backup

    backup.init_app(app)

    if app.config.get("PROXY_HOPS", 0) > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops)

    from mtu.authz import undeclared_views

    if undeclared := undeclared_views(app):
        raise RuntimeError(f"Views without @roles_required/@any_role/@public: {undeclared}")
    return app
