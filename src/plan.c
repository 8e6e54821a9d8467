/* plan.c - the document model's lifetime.
 *
 * The loader allocates the vb_plan itself with malloc and everything it
 * points to in p->arena, so releasing a plan is one arena free. */
#include "plan.h"

#include <stdlib.h>

void vb_plan_free(vb_plan *p)
{
    if (!p)
        return;
    vb_arena_free(&p->arena);
    free(p);
}
