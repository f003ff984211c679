"""Signing in and out, changing passwords, and managing users (admin)."""

from datetime import UTC
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from mtu import clock, i18n, submissions
from mtu.auth import bp, services
from mtu.auth.forms import ChangePasswordForm, LoginForm, UserForm
from mtu.auth.models import User
from mtu.authz import ROLE_LABELS, Role, any_role, public, roles_required
from mtu.companies.services import company_choices
from mtu.extensions import db, limiter, login_manager
from mtu.listing import paginate, search_arg
from mtu.prison_programs.services import agency_choices
from mtu.rendering import fragment_or_redirect, render, render_form
from mtu.rules import RuleError

# While a temporary password is in force, only these pages open.
ALLOWED_BEFORE_PASSWORD_CHANGE = {"auth.change_password", "auth.logout", "auth.choose_language",
                                  "static", "home.healthz"}


@login_manager.user_loader
def load_user(session_id):
    return services.load_session_user(session_id)


@bp.before_app_request
def end_idle_sessions():
    """Sign out a session left unused for MTU_SESSION_IDLE_MINUTES; otherwise note that it
    is in use (at most once a minute, so that most answers carry no new cookie)."""
    minutes = current_app.config["SESSION_IDLE_MINUTES"]
    if not minutes or request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(clock.utc_now().replace(tzinfo=UTC).timestamp())
    seen = session.get("seen")
    if isinstance(seen, int) and now - seen > minutes * 60:
        logout_user()
        session.pop("seen", None)
        flash(ngettext("Sesi Anda berakhir karena tidak dipakai selama %(num)d menit.",
                       "Sesi Anda berakhir karena tidak dipakai selama %(num)d menit.", minutes),
              "info")
        return None  # the request goes on signed out: a closed page sends to sign-in
    if not isinstance(seen, int) or now - seen >= 60:
        session["seen"] = now
    return None


@bp.before_app_request
def require_password_change():
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in ALLOWED_BEFORE_PASSWORD_CHANGE):
        flash(_("Ganti kata sandi sementara Anda sebelum melanjutkan."), "warning")
        return redirect(url_for("auth.change_password"))


def _safe_next(target: str | None) -> str:
    """Only paths on this site; anything else goes home (no open redirects)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") \
                and not target.startswith("//") and "\\" not in target:
            return target
    return url_for("home.index")


def _account_key() -> str:
    """The account a sign-in attempt is for: the email typed, normalised."""
    return "account:" + services.normalise_email(request.form.get("email", ""))[:254]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
# A second limit per account, counting failed attempts only: behind one proxy or NAT, one
# person's guessing does not lock everyone out, and many addresses cannot guess one password.
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], methods=["POST"],
               key_func=_account_key, deduct_when=lambda response: response.status_code != 302)
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            # A language picked on the sign-in page is the latest choice: the account takes it,
            # and the cookie is spent (on a shared computer it is not the next user's choice).
            user.locale = i18n.known_locale(request.cookies.get(i18n.COOKIE)) or user.locale
            db.session.commit()
            login_user(user)
            session["seen"] = int(clock.utc_now().replace(tzinfo=UTC).timestamp())
            response = redirect(_safe_next(request.args.get("next")))
            response.delete_cookie(i18n.COOKIE)
            return response
        form.password.errors.append(_("Email atau kata sandi salah, atau akun tidak aktif."))
    return render_form("auth/login.html", form)


@bp.post("/logout")
@any_role
def logout():
    """Sign out."""
    logout_user()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@any_role
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        error = services.change_password(current_user, form.current_password.data,
                                         form.new_password.data)
        if error is None:
            db.session.commit()
            # the session id changed with the password; the user, not the proxy (which would
            # then point at itself for the rest of this request)
            login_user(current_user._get_current_object())
            flash(_("Kata sandi sudah diganti."), "success")
            return redirect(url_for("home.index"))
        form.current_password.errors.append(error)
    return render_form("auth/password.html", form)


@bp.post("/language")
@public
def choose_language():
    """Pages in the language picked: kept on the account when signed in, else in a cookie
    until the visitor signs in (the account takes it then)."""
    locale = i18n.known_locale(request.form.get("locale"))
    response = redirect(_safe_next(request.form.get("next")))
    if locale is not None and current_user.is_authenticated:
        current_user.locale = locale
        db.session.commit()
    elif locale is not None:
        response.set_cookie(i18n.COOKIE, locale, max_age=i18n.COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.get("/users")
@roles_required(Role.ADMIN)
def users():
    """All accounts, searchable by name or email and filtered by role."""
    query = search_arg()
    role = request.args.get("role", "")
    page = paginate(services.users_statement(query, role))
    return render("auth/users.html", fragment="results", page=page, query=query, role=role,
                  roles=ROLE_LABELS)


def _user_form(user=None) -> UserForm:
    form = UserForm(obj=user)
    form.company_id.choices, form.agency_id.choices = company_choices(), agency_choices()
    if user is not None and request.method == "GET":
        form.company_id.data = user.company_id or 0
        form.agency_id.data = user.agency_id or 0
    return form


def _validate_user_form(form, user=None) -> bool:
    valid = form.validate_on_submit()
    if form.is_submitted():
        if form.email.data and services.email_taken(form.email.data, exclude=user):
            form.email.errors.append(_("Email ini sudah dipakai akun lain."))
        if form.role.data in Role._value2member_map_:
            for field, message in services.scope_errors(form).items():
                getattr(form, field).errors.append(message)
    return valid and not form.errors


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_user():
    """Create an account with a temporary password shown once."""
    form = _user_form()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if _validate_user_form(form):
        user, temporary = services.create_user(form, current_user)
        submissions.done(form, url_for("auth.update_user", user_id=user.id))
        db.session.commit()
        return render("auth/temporary_password.html", user=user, password=temporary)
    return render_form("auth/user_form.html", form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def update_user(user_id):
    """Edit an account's name, email, role and scope."""
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    if _validate_user_form(form, user):
        try:
            services.update_user(user, form, current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Akun %(name)s disimpan.", name=user.name), "success")
            return redirect(url_for("auth.users"))
    return render_form("auth/user_form.html", form, user=user)


@bp.post("/users/<int:user_id>/active")
@roles_required(Role.ADMIN)
def toggle_active(user_id):
    """Deactivate or reactivate an account; htmx gets the changed row back."""
    user = db.get_or_404(User, user_id)
    try:
        services.toggle_active(user, current_user)
    except RuleError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Akun %(name)s diaktifkan.", name=user.name) if user.active
              else _("Akun %(name)s dinonaktifkan; tidak dapat masuk lagi.", name=user.name),
              "success")
    return fragment_or_redirect(url_for("auth.users"), "auth/users.html", "user_row", user=user,
                                show_messages=True)


@bp.post("/users/<int:user_id>/password")
@roles_required(Role.ADMIN)
def reset_password(user_id):
    """Give an account a new temporary password, shown once to the admin."""
    user = db.get_or_404(User, user_id)
    temporary = services.reset_password(user, current_user)
    db.session.commit()
    return render("auth/temporary_password.html", user=user, password=temporary)
