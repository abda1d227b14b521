/*
 * user/tests/bad_elf.c - execve of broken executables.
 *
 * The images are made at run time in a fresh /tmp directory, from one tiny
 * valid static ELF64 (an ELF header, one PT_LOAD, and 12 bytes of code that
 * call exit(42)): first the valid one (it must run and exit 42 — this also
 * proves the generator right), then one defect each.  Every execve runs in
 * a child; the child reports execve's errno as its exit status (100 + errno),
 * so the parent sees one of:
 *
 *	errno E      execve failed and returned E: the caller survived
 *	exit 42      the image ran
 *	signal S     the child died (Linux, past its point of no return)
 *
 * Each case lists the outcomes it accepts: what Linux does (this program
 * passes natively), and for defects that Linux only finds after its point
 * of no return (it then kills the process with SIGSEGV) the errno an earlier
 * check gives, which is what the issue asks of Pagoda ("-ENOEXEC/-EINVAL/
 * -ENOMEM with the caller's image intact").  In every case the parent (the
 * caller of fork) goes on, and at the end a valid image still runs.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

#define BASE 0x400000UL
#define CODE_OFF (sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr))

/* mov $42, %edi; mov $60, %eax (exit); syscall */
static const unsigned char exit42[] = {
	0xbf, 0x2a, 0x00, 0x00, 0x00, 0xb8, 0x3c, 0x00, 0x00, 0x00, 0x0f, 0x05,
};

struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];	/* ph[1] is used by the two-segment cases */
	unsigned char code[sizeof(exit42)];
};

static char dir[128];

static void valid_image(struct image *im)
{
	memset(im, 0, sizeof(*im));
	memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
	im->eh.e_ident[EI_CLASS] = ELFCLASS64;
	im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im->eh.e_ident[EI_VERSION] = EV_CURRENT;
	im->eh.e_type = ET_EXEC;
	im->eh.e_machine = EM_X86_64;
	im->eh.e_version = EV_CURRENT;
	im->eh.e_entry = BASE + CODE_OFF;
	im->eh.e_phoff = sizeof(Elf64_Ehdr);
	im->eh.e_ehsize = sizeof(Elf64_Ehdr);
	im->eh.e_phentsize = sizeof(Elf64_Phdr);
	im->eh.e_phnum = 1;
	im->ph[0].p_type = PT_LOAD;
	im->ph[0].p_flags = PF_R | PF_X;
	im->ph[0].p_offset = 0;
	im->ph[0].p_vaddr = im->ph[0].p_paddr = BASE;
	im->ph[0].p_filesz = im->ph[0].p_memsz = sizeof(*im);
	im->ph[0].p_align = 4096;
	memcpy(im->code, exit42, sizeof(exit42));
}

static const char *write_file(const char *name, const void *data, size_t len, mode_t mode)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		bail("writing %s: %s", path, strerror(errno));
	close(fd);
	chmod(path, mode);
	return path;
}

/* Runs path in a child; returns the raw wait status. */
static int try_exec(const char *path)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };
		char *envp[] = { NULL };

		execve(path, argv, envp);
		_exit(100 + errno);
	}
	waitpid(pid, &status, 0);
	return status;
}

static const char *outcome_str(int status)
{
	static char buf[96];

	if (WIFEXITED(status) && WEXITSTATUS(status) >= 100)
		snprintf(buf, sizeof(buf), "execve failed: %s (errno %d)",
			 strerror(WEXITSTATUS(status) - 100), WEXITSTATUS(status) - 100);
	else
		snprintf(buf, sizeof(buf), "%s", status_str(status));
	return buf;
}

#define ERR(e) (100 + (e))	/* accepted outcome: execve returned e */
#define RAN 42			/* accepted outcome: the image ran */
#define SIG(s) (-(s))		/* accepted outcome: killed by signal s */
#define END 0

static int accepted(int status, const int *want)
{
	for (; *want != END; want++) {
		if (*want > 0 && exited_with(status, *want))
			return 1;
		if (*want < 0 && killed_by(status, -*want))
			return 1;
	}
	return 0;
}

static void check(const char *what, const char *path, const int *want)
{
	int status = try_exec(path);

	ok(accepted(status, want), "%s: %s", what, outcome_str(status));
}
#define CHECK(what, path, ...) check(what, path, (const int[]){ __VA_ARGS__, END })

static void elf_cases(void)
{
	struct image im;

	valid_image(&im);
	CHECK("the valid image runs and exits 42", write_file("valid", &im, sizeof(im), 0755), RAN);
	im.eh.e_type = ET_DYN;		/* static PIE: linked at 0, loaded anywhere */
	im.ph[0].p_vaddr = im.ph[0].p_paddr = 0;
	im.eh.e_entry = CODE_OFF;
	CHECK("a static-PIE image (ET_DYN linked at 0) runs",
	      write_file("pie", &im, sizeof(im), 0755), RAN);
	CHECK("an empty file", write_file("empty", "", 0, 0755), ERR(ENOEXEC));
	CHECK("a truncated ELF header (20 bytes)", write_file("trunc", &im, 20, 0755),
	      ERR(ENOEXEC));
	/* The header promises program headers past the end of the file. */
	CHECK("program headers past the end of the file",
	      write_file("trunc-ph", &im, sizeof(im.eh), 0755), ERR(EIO), ERR(ENOEXEC));

	valid_image(&im);
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;	/* with EM_X86_64 it would be x32 */
	im.eh.e_machine = EM_386;
	CHECK("a 32-bit image (ELFCLASS32, EM_386)", write_file("class32", &im, sizeof(im), 0755), ERR(ENOEXEC));

	valid_image(&im);
	im.eh.e_machine = EM_AARCH64;
	CHECK("another machine (aarch64)", write_file("aarch64", &im, sizeof(im), 0755),
	      ERR(ENOEXEC));

	valid_image(&im);
	im.eh.e_type = ET_REL;
	CHECK("a relocatable object (ET_REL)", write_file("rel", &im, sizeof(im), 0755),
	      ERR(ENOEXEC));

	valid_image(&im);
	im.eh.e_phentsize = 32;
	CHECK("a wrong e_phentsize", write_file("phentsize", &im, sizeof(im), 0755),
	      ERR(ENOEXEC));

	valid_image(&im);
	im.eh.e_phnum = 0;
	CHECK("no program headers", write_file("nophdr", &im, sizeof(im), 0755), ERR(ENOEXEC));

	valid_image(&im);
	im.ph[0].p_memsz = 1UL << 46;	/* 64 TiB of bss */
	CHECK("a huge p_memsz (64 TiB)", write_file("huge", &im, sizeof(im), 0755),
	      ERR(ENOMEM), ERR(EINVAL), SIG(SIGSEGV), SIG(SIGKILL));

	valid_image(&im);
	im.ph[0].p_vaddr = 0xfffffffffffff000UL;
	im.ph[0].p_memsz = 0x2000;
	im.eh.e_entry = 0xfffffffffffff000UL + CODE_OFF;
	CHECK("a segment whose end overflows", write_file("overflow", &im, sizeof(im), 0755),
	      ERR(EINVAL), ERR(ENOMEM), SIG(SIGSEGV));

	valid_image(&im);
	im.ph[0].p_vaddr = 0x00007ffffffff000UL;
	im.ph[0].p_memsz = 0x10000;
	im.eh.e_entry = 0x00007ffffffff000UL + CODE_OFF;
	CHECK("a segment that crosses the end of user space",
	      write_file("kernelhalf", &im, sizeof(im), 0755), ERR(EINVAL), ERR(ENOMEM), SIG(SIGSEGV));

	valid_image(&im);
	im.ph[0].p_filesz = im.ph[0].p_memsz + 4096;
	CHECK("p_filesz > p_memsz", write_file("filesz", &im, sizeof(im), 0755),
	      ERR(EINVAL), ERR(ENOEXEC), SIG(SIGSEGV));

	valid_image(&im);
	im.eh.e_phnum = 2;
	im.ph[1] = im.ph[0];
	im.ph[1].p_flags = PF_R | PF_W;		/* the same page again, not executable */
	CHECK("overlapping segments", write_file("overlap", &im, sizeof(im), 0755),
	      ERR(EINVAL), ERR(ENOEXEC), SIG(SIGSEGV));

	valid_image(&im);
	im.ph[0].p_offset = 1UL << 40;	/* far past the end of the file */
	im.ph[0].p_vaddr = BASE + (im.ph[0].p_offset & 4095);
	CHECK("a segment whose file data is past the end of the file",
	      write_file("offset", &im, sizeof(im), 0755),
	      ERR(EINVAL), ERR(ENOEXEC), ERR(EIO), SIG(SIGBUS), SIG(SIGSEGV));

	/* PT_INTERP naming a missing interpreter. */
	struct {
		struct image im;
		char interp[32];
	} withinterp;
	valid_image(&withinterp.im);
	withinterp.im.eh.e_phnum = 2;
	withinterp.im.ph[1].p_type = PT_INTERP;
	withinterp.im.ph[1].p_offset = offsetof(typeof(withinterp), interp);
	withinterp.im.ph[1].p_filesz = sizeof("/nonexistent/ld.so");
	withinterp.im.ph[1].p_flags = PF_R;
	withinterp.im.ph[0].p_filesz = withinterp.im.ph[0].p_memsz = sizeof(withinterp);
	strcpy(withinterp.interp, "/nonexistent/ld.so");
	CHECK("PT_INTERP naming a missing interpreter",
	      write_file("interp", &withinterp, sizeof(withinterp), 0755), ERR(ENOENT), ERR(ENOEXEC));

	valid_image(&im);
	CHECK("a file without execute permission", write_file("noexec", &im, sizeof(im), 0644),
	      ERR(EACCES));
	CHECK("a directory", dir, ERR(EACCES));
}

static void script_cases(void)
{
	char script[300];

	CHECK("a shebang script with a missing interpreter",
	      write_file("s-missing", "#!/nonexistent/sh\nexit 0\n", 24, 0755), ERR(ENOENT));
	CHECK("a shebang line with no interpreter name", write_file("s-empty", "#!\n", 3, 0755),
	      ERR(ENOEXEC));
	snprintf(script, sizeof(script), "#!%s/valid\n", dir);
	CHECK("a shebang script naming a valid ELF runs it", write_file("s-valid", script, strlen(script), 0755),
	      RAN);
	snprintf(script, sizeof(script), "#! %s/valid  an-argument\n", dir);
	CHECK("a shebang line with spaces and one argument", write_file("s-arg", script, strlen(script), 0755),
	      RAN);
	snprintf(script, sizeof(script), "#!%s/empty\n", dir);
	CHECK("a shebang script naming a bad image", write_file("s-bad", script, strlen(script), 0755),
	      ERR(ENOEXEC));
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s", make_tmpdir("bad_elf"));
	plan(26);
	elf_cases();
	script_cases();
	char path[256];

	snprintf(path, sizeof(path), "%s/valid", dir);
	CHECK("after all that, the valid image still runs", path, RAN);
	ok(getppid() > 0, "the caller is alive and well");
	remove_tree(dir);
	return done_testing();
}
