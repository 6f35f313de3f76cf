/*
 * lock.c - one build writes at a time: the write stage of a build holds an
 * flock() on the folder taskdoc runs in (the project), so two builds of one
 * tree never mix their files or navigation; the second waits, then writes
 * its own whole output. No lock file is created: the folder itself is
 * locked. The lock goes with the process, so a killed build leaves none.
 */
#include "site/site.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

int td_site_lock(td_diags *diags)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){".", 0, 0}, "cannot open the project folder to lock it: %s",
		            strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == ENOLCK || errno == EOPNOTSUPP)
			break; /* a file system without locks: go on unlocked */
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){".", 0, 0}, "cannot lock the project folder: %s",
		            strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

void td_site_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}
