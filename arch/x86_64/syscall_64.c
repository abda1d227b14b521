/*
 * arch/x86_64/syscall_64.c - the system call table: Linux's x86-64 numbers
 * (arch/x86/entry/syscalls/syscall_64.tbl), so that a static binary built
 * for Linux runs unchanged (DESIGN.md §4).
 *
 * SYSCALL_TABLE below is the one list of (number, name) pairs.  It is
 * expanded three times:
 *   1. a weak declaration per name,
 *	long __x64_sys_NAME(const struct pt_regs *) __weak __alias(ni)
 *      so that a syscall nobody has written yet still links, and resolves to
 *      __x64_sys_ni_syscall; the real one, written with SYSCALL_DEFINEn(NAME,
 *      ...) in its subsystem's file (kernel/syscalls.h), is a strong
 *      definition and wins at link time;
 *   2. sys_call_table[nr] = __x64_sys_NAME;
 *   3. syscall_names[nr] = "NAME", for the log line of an unimplemented
 *      call:  "sh[7]: unimplemented syscall 334 (rseq)"  (once per number).
 *
 * Define a syscall under the name in this table, which is the name user
 * space knows: SYSCALL_DEFINE2(stat, ...), SYSCALL_DEFINE1(uname, ...),
 * SYSCALL_DEFINE4(newfstatat, ...), SYSCALL_DEFINE2(umount2, ...).  (Linux
 * spells a few kernel-side entry points differently - sys_newstat,
 * sys_newuname, sys_umount - for historical reasons Pagoda does not have.)
 *
 * Numbers 335-423 are unused on x86-64 (they were kept for the x32 ABI's
 * sake); their entries are NULL, which do_syscall_64 treats as ENOSYS.
 *
 * Invariant: the table is read-only after link; the "already logged" bitmap
 * is the only state, and a racing double log line would be harmless.
 */
#include "arch/x86_64/syscall.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"

#define SYSCALL_TABLE(__SYSCALL) \
	__SYSCALL(0, read) \
	__SYSCALL(1, write) \
	__SYSCALL(2, open) \
	__SYSCALL(3, close) \
	__SYSCALL(4, stat) \
	__SYSCALL(5, fstat) \
	__SYSCALL(6, lstat) \
	__SYSCALL(7, poll) \
	__SYSCALL(8, lseek) \
	__SYSCALL(9, mmap) \
	__SYSCALL(10, mprotect) \
	__SYSCALL(11, munmap) \
	__SYSCALL(12, brk) \
	__SYSCALL(13, rt_sigaction) \
	__SYSCALL(14, rt_sigprocmask) \
	__SYSCALL(15, rt_sigreturn) \
	__SYSCALL(16, ioctl) \
	__SYSCALL(17, pread64) \
	__SYSCALL(18, pwrite64) \
	__SYSCALL(19, readv) \
	__SYSCALL(20, writev) \
	__SYSCALL(21, access) \
	__SYSCALL(22, pipe) \
	__SYSCALL(23, select) \
	__SYSCALL(24, sched_yield) \
	__SYSCALL(25, mremap) \
	__SYSCALL(26, msync) \
	__SYSCALL(27, mincore) \
	__SYSCALL(28, madvise) \
	__SYSCALL(29, shmget) \
	__SYSCALL(30, shmat) \
	__SYSCALL(31, shmctl) \
	__SYSCALL(32, dup) \
	__SYSCALL(33, dup2) \
	__SYSCALL(34, pause) \
	__SYSCALL(35, nanosleep) \
	__SYSCALL(36, getitimer) \
	__SYSCALL(37, alarm) \
	__SYSCALL(38, setitimer) \
	__SYSCALL(39, getpid) \
	__SYSCALL(40, sendfile) \
	__SYSCALL(41, socket) \
	__SYSCALL(42, connect) \
	__SYSCALL(43, accept) \
	__SYSCALL(44, sendto) \
	__SYSCALL(45, recvfrom) \
	__SYSCALL(46, sendmsg) \
	__SYSCALL(47, recvmsg) \
	__SYSCALL(48, shutdown) \
	__SYSCALL(49, bind) \
	__SYSCALL(50, listen) \
	__SYSCALL(51, getsockname) \
	__SYSCALL(52, getpeername) \
	__SYSCALL(53, socketpair) \
	__SYSCALL(54, setsockopt) \
	__SYSCALL(55, getsockopt) \
	__SYSCALL(56, clone) \
	__SYSCALL(57, fork) \
	__SYSCALL(58, vfork) \
	__SYSCALL(59, execve) \
	__SYSCALL(60, exit) \
	__SYSCALL(61, wait4) \
	__SYSCALL(62, kill) \
	__SYSCALL(63, uname) \
	__SYSCALL(64, semget) \
	__SYSCALL(65, semop) \
	__SYSCALL(66, semctl) \
	__SYSCALL(67, shmdt) \
	__SYSCALL(68, msgget) \
	__SYSCALL(69, msgsnd) \
	__SYSCALL(70, msgrcv) \
	__SYSCALL(71, msgctl) \
	__SYSCALL(72, fcntl) \
	__SYSCALL(73, flock) \
	__SYSCALL(74, fsync) \
	__SYSCALL(75, fdatasync) \
	__SYSCALL(76, truncate) \
	__SYSCALL(77, ftruncate) \
	__SYSCALL(78, getdents) \
	__SYSCALL(79, getcwd) \
	__SYSCALL(80, chdir) \
	__SYSCALL(81, fchdir) \
	__SYSCALL(82, rename) \
	__SYSCALL(83, mkdir) \
	__SYSCALL(84, rmdir) \
	__SYSCALL(85, creat) \
	__SYSCALL(86, link) \
	__SYSCALL(87, unlink) \
	__SYSCALL(88, symlink) \
	__SYSCALL(89, readlink) \
	__SYSCALL(90, chmod) \
	__SYSCALL(91, fchmod) \
	__SYSCALL(92, chown) \
	__SYSCALL(93, fchown) \
	__SYSCALL(94, lchown) \
	__SYSCALL(95, umask) \
	__SYSCALL(96, gettimeofday) \
	__SYSCALL(97, getrlimit) \
	__SYSCALL(98, getrusage) \
	__SYSCALL(99, sysinfo) \
	__SYSCALL(100, times) \
	__SYSCALL(101, ptrace) \
	__SYSCALL(102, getuid) \
	__SYSCALL(103, syslog) \
	__SYSCALL(104, getgid) \
	__SYSCALL(105, setuid) \
	__SYSCALL(106, setgid) \
	__SYSCALL(107, geteuid) \
	__SYSCALL(108, getegid) \
	__SYSCALL(109, setpgid) \
	__SYSCALL(110, getppid) \
	__SYSCALL(111, getpgrp) \
	__SYSCALL(112, setsid) \
	__SYSCALL(113, setreuid) \
	__SYSCALL(114, setregid) \
	__SYSCALL(115, getgroups) \
	__SYSCALL(116, setgroups) \
	__SYSCALL(117, setresuid) \
	__SYSCALL(118, getresuid) \
	__SYSCALL(119, setresgid) \
	__SYSCALL(120, getresgid) \
	__SYSCALL(121, getpgid) \
	__SYSCALL(122, setfsuid) \
	__SYSCALL(123, setfsgid) \
	__SYSCALL(124, getsid) \
	__SYSCALL(125, capget) \
	__SYSCALL(126, capset) \
	__SYSCALL(127, rt_sigpending) \
	__SYSCALL(128, rt_sigtimedwait) \
	__SYSCALL(129, rt_sigqueueinfo) \
	__SYSCALL(130, rt_sigsuspend) \
	__SYSCALL(131, sigaltstack) \
	__SYSCALL(132, utime) \
	__SYSCALL(133, mknod) \
	__SYSCALL(134, uselib) \
	__SYSCALL(135, personality) \
	__SYSCALL(136, ustat) \
	__SYSCALL(137, statfs) \
	__SYSCALL(138, fstatfs) \
	__SYSCALL(139, sysfs) \
	__SYSCALL(140, getpriority) \
	__SYSCALL(141, setpriority) \
	__SYSCALL(142, sched_setparam) \
	__SYSCALL(143, sched_getparam) \
	__SYSCALL(144, sched_setscheduler) \
	__SYSCALL(145, sched_getscheduler) \
	__SYSCALL(146, sched_get_priority_max) \
	__SYSCALL(147, sched_get_priority_min) \
	__SYSCALL(148, sched_rr_get_interval) \
	__SYSCALL(149, mlock) \
	__SYSCALL(150, munlock) \
	__SYSCALL(151, mlockall) \
	__SYSCALL(152, munlockall) \
	__SYSCALL(153, vhangup) \
	__SYSCALL(154, modify_ldt) \
	__SYSCALL(155, pivot_root) \
	__SYSCALL(156, _sysctl) \
	__SYSCALL(157, prctl) \
	__SYSCALL(158, arch_prctl) \
	__SYSCALL(159, adjtimex) \
	__SYSCALL(160, setrlimit) \
	__SYSCALL(161, chroot) \
	__SYSCALL(162, sync) \
	__SYSCALL(163, acct) \
	__SYSCALL(164, settimeofday) \
	__SYSCALL(165, mount) \
	__SYSCALL(166, umount2) \
	__SYSCALL(167, swapon) \
	__SYSCALL(168, swapoff) \
	__SYSCALL(169, reboot) \
	__SYSCALL(170, sethostname) \
	__SYSCALL(171, setdomainname) \
	__SYSCALL(172, iopl) \
	__SYSCALL(173, ioperm) \
	__SYSCALL(174, create_module) \
	__SYSCALL(175, init_module) \
	__SYSCALL(176, delete_module) \
	__SYSCALL(177, get_kernel_syms) \
	__SYSCALL(178, query_module) \
	__SYSCALL(179, quotactl) \
	__SYSCALL(180, nfsservctl) \
	__SYSCALL(181, getpmsg) \
	__SYSCALL(182, putpmsg) \
	__SYSCALL(183, afs_syscall) \
	__SYSCALL(184, tuxcall) \
	__SYSCALL(185, security) \
	__SYSCALL(186, gettid) \
	__SYSCALL(187, readahead) \
	__SYSCALL(188, setxattr) \
	__SYSCALL(189, lsetxattr) \
	__SYSCALL(190, fsetxattr) \
	__SYSCALL(191, getxattr) \
	__SYSCALL(192, lgetxattr) \
	__SYSCALL(193, fgetxattr) \
	__SYSCALL(194, listxattr) \
	__SYSCALL(195, llistxattr) \
	__SYSCALL(196, flistxattr) \
	__SYSCALL(197, removexattr) \
	__SYSCALL(198, lremovexattr) \
	__SYSCALL(199, fremovexattr) \
	__SYSCALL(200, tkill) \
	__SYSCALL(201, time) \
	__SYSCALL(202, futex) \
	__SYSCALL(203, sched_setaffinity) \
	__SYSCALL(204, sched_getaffinity) \
	__SYSCALL(205, set_thread_area) \
	__SYSCALL(206, io_setup) \
	__SYSCALL(207, io_destroy) \
	__SYSCALL(208, io_getevents) \
	__SYSCALL(209, io_submit) \
	__SYSCALL(210, io_cancel) \
	__SYSCALL(211, get_thread_area) \
	__SYSCALL(212, lookup_dcookie) \
	__SYSCALL(213, epoll_create) \
	__SYSCALL(214, epoll_ctl_old) \
	__SYSCALL(215, epoll_wait_old) \
	__SYSCALL(216, remap_file_pages) \
	__SYSCALL(217, getdents64) \
	__SYSCALL(218, set_tid_address) \
	__SYSCALL(219, restart_syscall) \
	__SYSCALL(220, semtimedop) \
	__SYSCALL(221, fadvise64) \
	__SYSCALL(222, timer_create) \
	__SYSCALL(223, timer_settime) \
	__SYSCALL(224, timer_gettime) \
	__SYSCALL(225, timer_getoverrun) \
	__SYSCALL(226, timer_delete) \
	__SYSCALL(227, clock_settime) \
	__SYSCALL(228, clock_gettime) \
	__SYSCALL(229, clock_getres) \
	__SYSCALL(230, clock_nanosleep) \
	__SYSCALL(231, exit_group) \
	__SYSCALL(232, epoll_wait) \
	__SYSCALL(233, epoll_ctl) \
	__SYSCALL(234, tgkill) \
	__SYSCALL(235, utimes) \
	__SYSCALL(236, vserver) \
	__SYSCALL(237, mbind) \
	__SYSCALL(238, set_mempolicy) \
	__SYSCALL(239, get_mempolicy) \
	__SYSCALL(240, mq_open) \
	__SYSCALL(241, mq_unlink) \
	__SYSCALL(242, mq_timedsend) \
	__SYSCALL(243, mq_timedreceive) \
	__SYSCALL(244, mq_notify) \
	__SYSCALL(245, mq_getsetattr) \
	__SYSCALL(246, kexec_load) \
	__SYSCALL(247, waitid) \
	__SYSCALL(248, add_key) \
	__SYSCALL(249, request_key) \
	__SYSCALL(250, keyctl) \
	__SYSCALL(251, ioprio_set) \
	__SYSCALL(252, ioprio_get) \
	__SYSCALL(253, inotify_init) \
	__SYSCALL(254, inotify_add_watch) \
	__SYSCALL(255, inotify_rm_watch) \
	__SYSCALL(256, migrate_pages) \
	__SYSCALL(257, openat) \
	__SYSCALL(258, mkdirat) \
	__SYSCALL(259, mknodat) \
	__SYSCALL(260, fchownat) \
	__SYSCALL(261, futimesat) \
	__SYSCALL(262, newfstatat) \
	__SYSCALL(263, unlinkat) \
	__SYSCALL(264, renameat) \
	__SYSCALL(265, linkat) \
	__SYSCALL(266, symlinkat) \
	__SYSCALL(267, readlinkat) \
	__SYSCALL(268, fchmodat) \
	__SYSCALL(269, faccessat) \
	__SYSCALL(270, pselect6) \
	__SYSCALL(271, ppoll) \
	__SYSCALL(272, unshare) \
	__SYSCALL(273, set_robust_list) \
	__SYSCALL(274, get_robust_list) \
	__SYSCALL(275, splice) \
	__SYSCALL(276, tee) \
	__SYSCALL(277, sync_file_range) \
	__SYSCALL(278, vmsplice) \
	__SYSCALL(279, move_pages) \
	__SYSCALL(280, utimensat) \
	__SYSCALL(281, epoll_pwait) \
	__SYSCALL(282, signalfd) \
	__SYSCALL(283, timerfd_create) \
	__SYSCALL(284, eventfd) \
	__SYSCALL(285, fallocate) \
	__SYSCALL(286, timerfd_settime) \
	__SYSCALL(287, timerfd_gettime) \
	__SYSCALL(288, accept4) \
	__SYSCALL(289, signalfd4) \
	__SYSCALL(290, eventfd2) \
	__SYSCALL(291, epoll_create1) \
	__SYSCALL(292, dup3) \
	__SYSCALL(293, pipe2) \
	__SYSCALL(294, inotify_init1) \
	__SYSCALL(295, preadv) \
	__SYSCALL(296, pwritev) \
	__SYSCALL(297, rt_tgsigqueueinfo) \
	__SYSCALL(298, perf_event_open) \
	__SYSCALL(299, recvmmsg) \
	__SYSCALL(300, fanotify_init) \
	__SYSCALL(301, fanotify_mark) \
	__SYSCALL(302, prlimit64) \
	__SYSCALL(303, name_to_handle_at) \
	__SYSCALL(304, open_by_handle_at) \
	__SYSCALL(305, clock_adjtime) \
	__SYSCALL(306, syncfs) \
	__SYSCALL(307, sendmmsg) \
	__SYSCALL(308, setns) \
	__SYSCALL(309, getcpu) \
	__SYSCALL(310, process_vm_readv) \
	__SYSCALL(311, process_vm_writev) \
	__SYSCALL(312, kcmp) \
	__SYSCALL(313, finit_module) \
	__SYSCALL(314, sched_setattr) \
	__SYSCALL(315, sched_getattr) \
	__SYSCALL(316, renameat2) \
	__SYSCALL(317, seccomp) \
	__SYSCALL(318, getrandom) \
	__SYSCALL(319, memfd_create) \
	__SYSCALL(320, kexec_file_load) \
	__SYSCALL(321, bpf) \
	__SYSCALL(322, execveat) \
	__SYSCALL(323, userfaultfd) \
	__SYSCALL(324, membarrier) \
	__SYSCALL(325, mlock2) \
	__SYSCALL(326, copy_file_range) \
	__SYSCALL(327, preadv2) \
	__SYSCALL(328, pwritev2) \
	__SYSCALL(329, pkey_mprotect) \
	__SYSCALL(330, pkey_alloc) \
	__SYSCALL(331, pkey_free) \
	__SYSCALL(332, statx) \
	__SYSCALL(333, io_pgetevents) \
	__SYSCALL(334, rseq) \
	__SYSCALL(424, pidfd_send_signal) \
	__SYSCALL(425, io_uring_setup) \
	__SYSCALL(426, io_uring_enter) \
	__SYSCALL(427, io_uring_register) \
	__SYSCALL(428, open_tree) \
	__SYSCALL(429, move_mount) \
	__SYSCALL(430, fsopen) \
	__SYSCALL(431, fsconfig) \
	__SYSCALL(432, fsmount) \
	__SYSCALL(433, fspick) \
	__SYSCALL(434, pidfd_open) \
	__SYSCALL(435, clone3) \
	__SYSCALL(436, close_range) \
	__SYSCALL(437, openat2) \
	__SYSCALL(438, pidfd_getfd) \
	__SYSCALL(439, faccessat2) \
	__SYSCALL(440, process_madvise) \
	__SYSCALL(441, epoll_pwait2) \
	__SYSCALL(442, mount_setattr) \
	__SYSCALL(443, quotactl_fd) \
	__SYSCALL(444, landlock_create_ruleset) \
	__SYSCALL(445, landlock_add_rule) \
	__SYSCALL(446, landlock_restrict_self) \
	__SYSCALL(447, memfd_secret) \
	__SYSCALL(448, process_mrelease) \
	__SYSCALL(449, futex_waitv) \
	__SYSCALL(450, set_mempolicy_home_node)

/* 1. Weak fallbacks: every name resolves to __x64_sys_ni_syscall unless defined elsewhere. */
#define __SYSCALL_WEAK(nr, name)						\
	long __x64_sys_##name(const struct pt_regs *regs)			\
		__attribute__((weak, alias("__x64_sys_ni_syscall")));
SYSCALL_TABLE(__SYSCALL_WEAK)

/* 2. The table. */
#define __SYSCALL_ENTRY(nr, name)	[nr] = __x64_sys_##name,
const sys_call_ptr_t sys_call_table[NR_syscalls] = {
	SYSCALL_TABLE(__SYSCALL_ENTRY)
};

/* 3. The names. */
#define __SYSCALL_NAME(nr, name)	[nr] = #name,
const char *const syscall_names[NR_syscalls] = {
	SYSCALL_TABLE(__SYSCALL_NAME)
};

/* Numbers already logged as unimplemented (one bit each). */
static unsigned long ni_logged[(NR_syscalls + 63) / 64];
static bool ni_logged_out_of_range;

/* Log the first call of each unimplemented number; true if this one printed. */
static bool ni_syscall_log_once(long nr)
{
	struct task_struct *tsk = current;
	const char *name = NULL;

	if (nr >= 0 && nr < NR_syscalls) {
		unsigned long bit = 1UL << (nr % 64);

		if (ni_logged[nr / 64] & bit)
			return false;
		ni_logged[nr / 64] |= bit;
		name = syscall_names[nr];
	} else {
		/* One line for all out-of-range numbers: a fuzzer must not flood the log. */
		if (ni_logged_out_of_range)
			return false;
		ni_logged_out_of_range = true;
	}
	if (name)
		pr_info("%s[%d]: unimplemented syscall %ld (%s)\n", tsk->comm, tsk->pid, nr, name);
	else
		pr_info("%s[%d]: unimplemented syscall %ld\n", tsk->comm, tsk->pid, nr);
	return true;
}

/* __x64_sys_ni_syscall - see syscall.h. */
long __x64_sys_ni_syscall(const struct pt_regs *regs)
{
	ni_syscall_log_once((long)(int)regs->orig_rax);
	return -ENOSYS;
}
