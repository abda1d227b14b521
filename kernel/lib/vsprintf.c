/*
 * kernel/lib/vsprintf.c - formatted printing into a buffer.
 *
 * vsnprintf() is the one engine behind printk, snprintf and scnprintf.  It
 * walks the format once; for each conversion it reads the flags, width,
 * precision and length modifier into a struct printf_spec and hands the
 * argument to a small function per kind (number, string, char, pointer).
 *
 * Supported, as in C99 and Linux: %d %i %u %x %X %o %c %s %p %%; the flags
 * '-' (left-justify), '0' (zero-pad), '+', ' ', '#'; a width or '*'; a
 * precision ('.N' or '.*': maximum characters of %s, minimum digits of a
 * number); length modifiers hh, h, l, ll, z, t.  %p prints "0x" and 16 hex
 * digits (Linux's %px; a width pads around them).  A NULL %s prints
 * "(null)", as Linux does.  '#' follows C99: no "0x" for a zero, and for %o
 * a leading 0 only if the digits do not already start with one.
 *
 * Invariant: nothing is written at or past buf + size, and when size > 0 the
 * output is always NUL-terminated.  The return value is the length the
 * whole output would have had (C99), so callers can detect truncation.
 */
#include "kernel/printk.h"
#include "kernel/string.h"

struct printf_spec {
	bool left;		/* '-': pad on the right */
	bool zero;		/* '0': pad numbers with zeros */
	bool plus;		/* '+': always print a sign for signed numbers */
	bool space;		/* ' ': a space where a '+' would go */
	bool alt;		/* '#': 0x prefix for %x, 0 for %o */
	int width;		/* minimum field width, -1 if none */
	int precision;		/* '.N', -1 if none */
	int base;		/* 8, 10 or 16 */
	bool upper;		/* %X */
	bool is_signed;		/* %d, %i */
	bool pointer;		/* %p: "0x" even for a NULL pointer */
};

/* The output cursor: writes past the end are counted but dropped. */
struct outbuf {
	char *buf;
	size_t size;
	size_t pos;
};

static void out_char(struct outbuf *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void out_pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

/*
 * Formats one integer.  Layout: [spaces][sign][prefix][zeros][digits][spaces].
 * 'neg' says the original signed value was negative; 'num' is its magnitude,
 * so INT64_MIN works (its magnitude fits in an unsigned long long).
 */
static void format_number(struct outbuf *o, unsigned long long num, bool neg,
			  const struct printf_spec *spec)
{
	const char *digits = spec->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int ndigits = 0;
	char sign = 0;
	const char *prefix = "";
	bool is_zero = num == 0;

	do {
		tmp[ndigits++] = digits[num % spec->base];
		num /= spec->base;
	} while (num);
	if (spec->precision == 0 && ndigits == 1 && tmp[0] == '0')
		ndigits = 0;			/* C99: "%.0d" of 0 prints nothing */

	if (spec->is_signed) {
		if (neg)
			sign = '-';
		else if (spec->plus)
			sign = '+';
		else if (spec->space)
			sign = ' ';
	}
	int zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;

	if (spec->alt && spec->base == 16 && (!is_zero || spec->pointer))
		prefix = spec->upper ? "0X" : "0x";
	else if (spec->alt && spec->base == 8 && zeros == 0 &&
		 (ndigits == 0 || tmp[ndigits - 1] != '0'))
		prefix = "0";		/* only if the precision gave no leading 0 */

	int len = ndigits + zeros + (sign != 0) + (int)strlen(prefix);
	int pad = spec->width > len ? spec->width - len : 0;

	/* Zero padding fills the width, unless left-justified or a precision is given. */
	if (spec->zero && !spec->left && spec->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!spec->left)
		out_pad(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	for (const char *p = prefix; *p; p++)
		out_char(o, *p);
	out_pad(o, '0', zeros);
	while (ndigits > 0)
		out_char(o, tmp[--ndigits]);
	if (spec->left)
		out_pad(o, ' ', pad);
}

static void format_string(struct outbuf *o, const char *s, const struct printf_spec *spec)
{
	if (!s)
		s = "(null)";
	size_t len = spec->precision >= 0 ? strnlen(s, (size_t)spec->precision) : strlen(s);
	int pad = spec->width > (int)len ? spec->width - (int)len : 0;

	if (!spec->left)
		out_pad(o, ' ', pad);
	for (size_t i = 0; i < len; i++)
		out_char(o, s[i]);
	if (spec->left)
		out_pad(o, ' ', pad);
}

/* Parses a decimal run at *fmt, advancing it. */
static int skip_atoi(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9')
		n = n * 10 + (*(*fmt)++ - '0');
	return n;
}

/*
 * Reads flags, width and precision of one conversion (fmt points just past
 * the '%'); returns the format position after them.
 */
static const char *parse_spec(const char *fmt, struct printf_spec *spec, va_list *args)
{
	*spec = (struct printf_spec){ .width = -1, .precision = -1, .base = 10 };
	for (;; fmt++) {
		if (*fmt == '-')
			spec->left = true;
		else if (*fmt == '0')
			spec->zero = true;
		else if (*fmt == '+')
			spec->plus = true;
		else if (*fmt == ' ')
			spec->space = true;
		else if (*fmt == '#')
			spec->alt = true;
		else
			break;
	}
	if (*fmt == '*') {
		spec->width = va_arg(*args, int);
		if (spec->width < 0) {		/* C99: a negative '*' width means '-' */
			spec->left = true;
			spec->width = -spec->width;
		}
		fmt++;
	} else if (*fmt >= '0' && *fmt <= '9') {
		spec->width = skip_atoi(&fmt);
	}
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			spec->precision = va_arg(*args, int);
			fmt++;
		} else {
			spec->precision = skip_atoi(&fmt);
		}
		if (spec->precision < 0)
			spec->precision = -1;
	}
	return fmt;
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static const char *parse_length(const char *fmt, enum length *len)
{
	*len = LEN_INT;
	if (fmt[0] == 'h' && fmt[1] == 'h') {
		*len = LEN_CHAR;
		return fmt + 2;
	}
	if (fmt[0] == 'l' && fmt[1] == 'l') {
		*len = LEN_LLONG;
		return fmt + 2;
	}
	switch (*fmt) {
	case 'h': *len = LEN_SHORT; return fmt + 1;
	case 'l': *len = LEN_LONG; return fmt + 1;
	case 'z': case 't': *len = LEN_SIZE; return fmt + 1;
	}
	return fmt;
}

/* Fetches an integer argument of the given length, sign-extended or not. */
static unsigned long long fetch_int(va_list *args, enum length len, bool is_signed, bool *neg)
{
	long long sv;
	unsigned long long uv;

	*neg = false;
	if (is_signed) {
		switch (len) {
		case LEN_CHAR: sv = (signed char)va_arg(*args, int); break;
		case LEN_SHORT: sv = (short)va_arg(*args, int); break;
		case LEN_LONG: sv = va_arg(*args, long); break;
		case LEN_LLONG: sv = va_arg(*args, long long); break;
		case LEN_SIZE: sv = va_arg(*args, ssize_t); break;
		default: sv = va_arg(*args, int); break;
		}
		*neg = sv < 0;
		/* Negate in unsigned arithmetic so that INT64_MIN is not UB. */
		return *neg ? 0ULL - (unsigned long long)sv : (unsigned long long)sv;
	}
	switch (len) {
	case LEN_CHAR: uv = (unsigned char)va_arg(*args, unsigned int); break;
	case LEN_SHORT: uv = (unsigned short)va_arg(*args, unsigned int); break;
	case LEN_LONG: uv = va_arg(*args, unsigned long); break;
	case LEN_LLONG: uv = va_arg(*args, unsigned long long); break;
	case LEN_SIZE: uv = va_arg(*args, size_t); break;
	default: uv = va_arg(*args, unsigned int); break;
	}
	return uv;
}

/*
 * vsnprintf - format into buf, at most size bytes including the NUL.
 * Returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { .buf = buf, .size = size, .pos = 0 };
	struct printf_spec spec;
	enum length len;
	va_list args;
	unsigned long long num;
	bool neg;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &spec, &args);
		fmt = parse_length(fmt, &len);
		switch (*fmt) {
		case 'd': case 'i':
			/*
			 * Fetch first: as arguments of one call, the order in
			 * which fetch_int() sets neg and neg is read is unspecified.
			 */
			spec.is_signed = true;
			num = fetch_int(&args, len, true, &neg);
			format_number(&o, num, neg, &spec);
			break;
		case 'u':
			format_number(&o, fetch_int(&args, len, false, &neg), false, &spec);
			break;
		case 'X':
			spec.upper = true;
			/* fall through */
		case 'x':
			spec.base = 16;
			format_number(&o, fetch_int(&args, len, false, &neg), false, &spec);
			break;
		case 'o':
			spec.base = 8;
			format_number(&o, fetch_int(&args, len, false, &neg), false, &spec);
			break;
		case 'p':
			spec.base = 16;
			spec.alt = true;
			spec.pointer = true;
			spec.precision = 16;		/* 0x + 16 digits, then any width */
			format_number(&o, (unsigned long)va_arg(args, void *), false, &spec);
			break;
		case 'c': {
			char c = (char)va_arg(args, int);
			int pad = spec.width > 1 ? spec.width - 1 : 0;

			if (!spec.left)
				out_pad(&o, ' ', pad);
			out_char(&o, c);
			if (spec.left)
				out_pad(&o, ' ', pad);
			break;
		}
		case 's':
			format_string(&o, va_arg(args, const char *), &spec);
			break;
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			/* A lone '%' at the end: print nothing more. */
			fmt--;
			break;
		default:
			/* Unknown conversion: print it as written, like Linux. */
			out_char(&o, '%');
			out_char(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(args);
	if (size > 0)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

/* snprintf - vsnprintf with variadic arguments. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* vscnprintf - like vsnprintf, but returns what was really written (no NUL). */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);

	if (size == 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

/* scnprintf - vscnprintf with variadic arguments. */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}
