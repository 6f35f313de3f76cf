/* evidence.c - names of the evidence model's enums. */
#include "model/evidence.h"

const char *td_ev_shape_name(td_ev_shape s)
{
	static const char *const names[] = {"validation", "benchmark", "fio", "hyperfine"};
	return names[s];
}

const char *td_check_status_name(td_check_status s)
{
	static const char *const names[] = {"pass", "fail", "skip", "error"};
	return names[s];
}
