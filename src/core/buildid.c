/* buildid.c - an id of this build of the program, for cache keys. */
#define _GNU_SOURCE /* dl_iterate_phdr */
#include "core/core.h"

#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

static char id[2 * 64 + 1];

/* The GNU build id note of the main program (the first object listed). */
static int find_note(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
			const char *name = p + sizeof *n;
			const unsigned char *desc = (const unsigned char *)name + ((n->n_namesz + 3) & ~3u);
			if ((const char *)desc + n->n_descsz > end)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp(name, "GNU", 4)) {
				size_t k = 0;
				for (size_t j = 0; j < n->n_descsz && k + 2 < sizeof id; j++, k += 2)
					snprintf(id + k, 3, "%02x", desc[j]);
				return 1;
			}
			p = (const char *)desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return 1; /* only the main program */
}

const char *td_build_id(void)
{
	if (!id[0]) {
		dl_iterate_phdr(find_note, NULL);
		if (!id[0]) /* linked without --build-id */
			snprintf(id, sizeof id, "built %s %s", __DATE__, __TIME__);
	}
	return id;
}
