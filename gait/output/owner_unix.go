//go:build unix

package output

import (
	"os"
	"syscall"
)

// keepOwner gives f, a temporary file about to replace the file fi
// describes, that file's owner and group, as far as the process may: root
// both, another user a group it belongs to; else they stay the process's.
// `sudo gaitd analyze --summary ~/run.json` left the user a summary owned
// by root that the next run as the user could not replace.
func keepOwner(f *os.File, fi os.FileInfo) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	uid, gid := int(st.Uid), int(st.Gid)
	if uid == os.Geteuid() && gid == os.Getegid() {
		return
	}
	if f.Chown(uid, gid) != nil {
		// not root: the group alone, where the process is in it
		f.Chown(-1, gid)
	}
}
