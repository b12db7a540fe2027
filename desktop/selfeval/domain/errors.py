"""Errors whose message is meant for the user (Simplified Chinese)."""


class UserError(Exception):
    """An error caused by the user's input or environment; ``str(err)`` is a Chinese sentence."""


class InvalidNumber(UserError):
    pass


class TemplateError(UserError):
    pass


# Why a file could not be used, by errno: the system's own text (exc.strerror) is English.
_OS_REASONS = {
    "ENOENT": "文件或文件夹不存在",
    "EACCES": "没有访问权限",
    "EPERM": "没有访问权限",
    "ENAMETOOLONG": "文件名或路径过长",
    "EROFS": "所在的磁盘是只读的",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘空间不足",
    "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中的某一级不是文件夹",
    "ELOOP": "路径中的链接形成了循环",
    "EIO": "读写磁盘时出错",
    "EBUSY": "文件正被其他程序占用",
    "ETXTBSY": "文件正被其他程序占用",
    "EINVAL": "文件名中含有不允许的字符",
    "EMFILE": "打开的文件过多",
    "ENFILE": "打开的文件过多",
}


def os_error_reason(exc: OSError) -> str:
    """A short Chinese phrase saying why ``exc`` happened (never the system's English message)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if isinstance(exc, PermissionError):
        return _OS_REASONS["EACCES"]
    if isinstance(exc, FileNotFoundError):
        return _OS_REASONS["ENOENT"]
    return f"系统错误（错误码 {exc.errno}）" if exc.errno else "系统错误"
