/* seat.h — automated distribution of an exam day's participants (рассадка /
 * распределение участников по ППЭ и аудиториям).
 *
 * seat_run places every sitting of a date (a participant's exam on that date,
 * derived from registrations and the schedule) into an exam point (ППЭ), a room
 * and a seat under the hard rules of the rule profile, and writes it in one
 * transaction — or, when some cannot be placed, writes nothing and explains
 * each shortage. seat_replan repairs a stored distribution after closures or
 * registration changes, moving as few participants as possible.
 *
 * The model, stage by stage:
 *  1. Sittings fall into classes by what they need: point kind (regular, home,
 *     hospital, penitentiary), room kind of the exam (regular, computer,
 *     speaking), an ОВЗ room (accessible, ОВЗ room limit, not mixed), and
 *     grade (room limits come from the grade's profile). Classes needing
 *     scarcer rooms go first.
 *  2. Municipalities that can reach a common exam point form a component of
 *     the territorial scheme; each component is solved on its own.
 *  3. School → point is a transportation problem solved exactly as a min-cost
 *     flow (src/flow): supply = a school's participants of an exam, arcs to
 *     the allowed points (own-school rules applied; the nearest `candidates`
 *     points, widened to all when that is infeasible), cost = straight-line
 *     metres; each point's capacity is the seats of its free eligible rooms,
 *     with a balance penalty on the last fifth so that points fill evenly.
 *  4. Each point's participants of an exam get the fewest rooms that hold
 *     them, filled evenly; a point that cannot pack what the flow sent (one
 *     exam per room) has its capacity cut and the component is solved again.
 *  5. Participants of one school are dealt across the rooms, and seats are
 *     ordered so that no two neighbours come from one school where avoidable;
 *     ties broken by the seeded random stream (seed recorded in seat_runs). */
#ifndef AT_SEAT_H
#define AT_SEAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "store/store.h"

typedef struct {
    const char *date;          /* YYYY-MM-DD */
    uint64_t seed;
    const char *scheme;        /* "municipal" (default), "region", "table" */
    int candidates;            /* nearest allowed points per school; 0 = default (8) */
    const char *model_out;     /* write the main class's school→point model (CPLEX LP) */
    bool dry_run;              /* solve and report, write nothing */
} seat_options;

typedef struct {
    long sittings, seated, exams, points_used, rooms_used, schools;
    double travel_km;           /* sum of straight-line school → point distances */
    long long transport_cost;   /* sum of the flows' objectives (metres + balance penalty) */
    long long model_cost;       /* objective of the model written to model_out */
    double solve_seconds;       /* time spent in the min-cost-flow solver */
    double total_seconds;
    int components, resolves;
    long arcs;
    long adjacent_same_school;  /* neighbours from one school that could not be avoided */
} seat_summary;

/* Why a distribution could not be made: one line per shortage. */
typedef struct {
    char *scope;    /* municipality code(s) or point code */
    char *exam;     /* exam code or "" */
    long need, have;
    char *text;     /* "municipality M12, 2026-06-01 rus (ege): 318 participants, 300 admissible seats; short by 18" */
} seat_shortage;

typedef struct {
    seat_shortage *v;
    size_t n, cap;
} seat_shortages;
void seat_shortages_free(seat_shortages *s);

/* AT_EINPUT with shortages filled when the day cannot be distributed. */
int seat_run(store *s, const seat_options *o, seat_summary *sum, seat_shortages *sh, at_error *err);

typedef struct {
    char *exam, *document, *from_point, *from_room, *to_point, *to_room;
    int from_seat, to_seat;     /* 0: none (newly seated / unseated) */
} seat_move;

typedef struct {
    seat_move *v;
    size_t n, cap;
    int replan;                 /* the re-plan's number for the date */
} seat_moves;
void seat_moves_free(seat_moves *m);

/* Re-plans a stored distribution: participants in closed points/rooms and new
 * sittings are placed in free seats (min-cost flow again), sittings that no
 * longer exist are unseated; everyone else keeps the seat. Every move is
 * returned and logged in seat_moves. */
int seat_replan(store *s, const char *date, const char *reason, seat_moves *moves, seat_summary *sum,
                seat_shortages *sh, at_error *err);

/* Haversine distance in metres. */
double seat_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
