"""What only instructors may see, relative to the course folder: student code never sees these
paths (the sandbox covers them) nor imports these modules (the worker refuses them)."""
SECRET_PATHS = ("solutions", "grader/hidden", "grader/reference.py", "grader/audit.py",
                "grader/examples.py")


def secret_modules() -> tuple[str, ...]:
    """Import names of the secrets: ``solutions``, ``grader.hidden``, ..."""
    return tuple(p.removesuffix(".py").replace("/", ".") for p in SECRET_PATHS)
