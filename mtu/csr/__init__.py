"""CSR contributions of partner companies (rupiah or in kind), linked to the batches they fund."""

from flask import Blueprint

bp = Blueprint("csr", __name__, url_prefix="/csr")

from mtu.csr import models, views  # noqa: E402,F401
