/* School–point distances (seat_day.c): the haversine computed from each
 * place's half-angle sines and cosines (sd_geo_of, sd_hav, sd_hav_m) against
 * the textbook formula with the sines of the differences, known city
 * distances, and the order the solver relies on — comparing haversines orders
 * pairs as their distances in metres. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/rng.h"
#include "seat/seat.h"
#include "seat/seat_day.h"

/* The textbook haversine, each sine of a half-difference computed directly. */
static double textbook_m(double lat1, double lon1, double lat2, double lon2)
{
    const double R = 6371000.0, k = M_PI / 180.0;
    double sa = sin((lat2 - lat1) * k / 2), so = sin((lon2 - lon1) * k / 2);
    double a = sa * sa + cos(lat1 * k) * cos(lat2 * k) * so * so;
    return 2 * R * asin(sqrt(a < 1 ? a : 1));
}

static double rand_in(at_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)rng_below(r, 1000000000) / 1e9;
}

static void test_known_cities(void **state)
{
    (void)state;
    /* Moscow (55.7558, 37.6173) – Saint Petersburg (59.9343, 30.3351): ~634 km;
     * Almaty (43.2380, 76.9452) – Astana (51.1694, 71.4491): ~970 km */
    double msk_spb = seat_distance_m(55.7558, 37.6173, 59.9343, 30.3351);
    double ala_ast = seat_distance_m(43.2380, 76.9452, 51.1694, 71.4491);
    assert_true(fabs(msk_spb - 634000) < 5000);
    assert_true(fabs(ala_ast - 970000) < 10000);
    assert_true(seat_distance_m(55.0, 37.0, 55.0, 37.0) == 0.0);
    assert_true(fabs(seat_distance_m(55.7558, 37.6173, 59.9343, 30.3351) -
                     seat_distance_m(59.9343, 30.3351, 55.7558, 37.6173)) < 1e-6);
}

static void test_same_as_textbook(void **state)
{
    (void)state;
    at_rng r;
    rng_seed(&r, 7, "test-distance");
    for (int i = 0; i < 100000; i++) {
        /* places of Russia and Kazakhstan, near and far, across the antimeridian-free range */
        double lat1 = rand_in(&r, 40, 70), lon1 = rand_in(&r, 20, 180);
        double lat2 = lat1 + rand_in(&r, -0.5, 0.5), lon2 = lon1 + rand_in(&r, -0.5, 0.5);
        if (i % 2)
            lat2 = rand_in(&r, 40, 70), lon2 = rand_in(&r, 20, 180);
        double want = textbook_m(lat1, lon1, lat2, lon2), got = seat_distance_m(lat1, lon1, lat2, lon2);
        /* a millimetre, or a part in a billion of long distances */
        if (fabs(got - want) > fmax(1e-3, want * 1e-9))
            fail_msg("(%f, %f) – (%f, %f): %.6f m, textbook %.6f m", lat1, lon1, lat2, lon2, got, want);
    }
}

static void test_haversine_orders_as_metres(void **state)
{
    (void)state;
    at_rng r;
    rng_seed(&r, 11, "test-distance-order");
    sd_geo school;
    sd_geo_of(55.75, 37.62, &school);
    double prev_h = -1, prev_m = -1;
    /* points ever farther north-east of the school: both measures grow */
    for (int i = 1; i <= 2000; i++) {
        sd_geo p;
        sd_geo_of(55.75 + i * 0.001, 37.62 + i * 0.0007, &p);
        double h = sd_hav(&school, &p), m = sd_hav_m(h);
        assert_true(h > prev_h);
        assert_true(m > prev_m);
        prev_h = h, prev_m = m;
    }
    /* random pairs: the order by haversine is the order by metres */
    for (int i = 0; i < 100000; i++) {
        sd_geo a, b;
        sd_geo_of(rand_in(&r, 40, 70), rand_in(&r, 20, 180), &a);
        sd_geo_of(rand_in(&r, 40, 70), rand_in(&r, 20, 180), &b);
        double ha = sd_hav(&school, &a), hb = sd_hav(&school, &b);
        if (ha < hb)
            assert_true(sd_hav_m(ha) <= sd_hav_m(hb));
        else
            assert_true(sd_hav_m(ha) >= sd_hav_m(hb));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_cities),
        cmocka_unit_test(test_same_as_textbook),
        cmocka_unit_test(test_haversine_orders_as_metres),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
