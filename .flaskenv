# Read by the `flask` command only (python-dotenv), never by a WSGI server.
# A checkout is a developer's machine: development settings unless told otherwise.
MTU_ENV=development
