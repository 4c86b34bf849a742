/* entity_defs.c — the registry's entities (see entity.h). Field order is the
 * column order of templates and exports. Enum codes are stable identifiers;
 * labels are what users type and see. */
#include "entity.h"

#define NOBOUND 1, 0
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- shared value sets ---- */
static const enum_value gender_values[] = {
    {"m", "м", "ер", "male"}, {"f", "ж", "әйел", "female"}, {0, 0, 0, 0}};

static const enum_value category_values[] = {
    {"pupil", "обучающийся текущего года", "ағымдағы жылдың білім алушысы", "current-year pupil"},
    {"past_graduate", "выпускник прошлых лет", "өткен жылдардың түлегі", "past-year graduate"},
    {"extern", "экстерн", "экстерн", "extern"},
    {"vocational", "обучающийся СПО", "ТжКБ білім алушысы", "vocational student"},
    {"penitentiary", "обучающийся в учреждении УИС", "ҚАЖ мекемесіндегі білім алушы", "penitentiary school pupil"},
    {0, 0, 0, 0}};

static const enum_value ovz_condition_values[] = {
    {"extended_time", "увеличение времени", "уақытты ұзарту", "extended time"},
    {"separate_room", "отдельная аудитория", "жеке аудитория", "separate room"},
    {"assistant", "ассистент", "ассистент", "assistant"},
    {"home", "ППЭ на дому", "үйдегі емтихан", "exam at home"},
    {"hospital", "ППЭ в медицинской организации", "емдеу мекемесіндегі емтихан", "exam in hospital"},
    {"large_print", "увеличенный шрифт", "үлкейтілген қаріп", "large print"},
    {"braille", "шрифт Брайля", "Брайль қарпі", "Braille"},
    {"sign_language", "сурдопереводчик", "ымдау тілінің аудармашысы", "sign-language interpreter"},
    {"computer", "компьютер", "компьютер", "computer"},
    {"oral_form", "устная форма", "ауызша нысан", "oral form"},
    {0, 0, 0, 0}};

static const enum_value honours_values[] = {
    {"none", "нет", "жоқ", "none"},
    {"medal", "медаль «За особые успехи в учении»", "«Оқудағы ерекше жетістіктері үшін» медалі", "medal for special achievement"},
    {"distinction", "аттестат с отличием", "үздік аттестат", "certificate with distinction"},
    {"altyn_belgi", "«Алтын белгі»", "«Алтын белгі»", "Altyn Belgi"},
    {0, 0, 0, 0}};

static const enum_value period_values[] = {
    {"early", "досрочный", "мерзімінен бұрын", "early"},
    {"main", "основной", "негізгі", "main"},
    {"additional", "дополнительный", "қосымша", "additional"},
    {0, 0, 0, 0}};

static const enum_value admission_kind_values[] = {
    {"essay", "итоговое сочинение (изложение)", "қорытынды шығарма", "final essay"},
    {"interview", "итоговое собеседование", "қорытынды сұхбат", "final interview"},
    {0, 0, 0, 0}};

static const enum_value admission_result_values[] = {
    {"pass", "зачёт", "сынақ", "pass"},
    {"fail", "незачёт", "сынақ емес", "fail"},
    {0, 0, 0, 0}};

static const enum_value point_kind_values[] = {
    {"regular", "обычный", "қалыпты", "regular"},
    {"home", "на дому", "үйде", "at home"},
    {"hospital", "в медицинской организации", "емдеу мекемесінде", "in hospital"},
    {"penitentiary", "в учреждении УИС", "ҚАЖ мекемесінде", "penitentiary"},
    {0, 0, 0, 0}};

static const enum_value room_feature_values[] = {
    {"computer", "компьютерная", "компьютерлік", "computer room"},
    {"speaking", "для устной части", "ауызша бөлімге", "speaking room"},
    {"accessible", "доступная (ОВЗ)", "қолжетімді (ЕБҚ)", "accessible"},
    {"video", "видеонаблюдение", "бейнебақылау", "video"},
    {0, 0, 0, 0}};

static const enum_value staff_role_values[] = {
    {"ppe_head", "руководитель ППЭ", "ЕӨП басшысы", "exam point head"},
    {"organizer", "организатор", "ұйымдастырушы", "organizer"},
    {"technical", "технический специалист", "техникалық маман", "technical specialist"},
    {"medical", "медицинский работник", "медицина қызметкері", "medical staff"},
    {"assistant", "ассистент", "ассистент", "assistant"},
    {"gek", "член ГЭК", "МЕК мүшесі", "state exam commission member"},
    {"expert", "эксперт ПК", "пән комиссиясының сарапшысы", "subject-commission expert"},
    {"appeals", "член конфликтной комиссии", "апелляциялық комиссия мүшесі", "appeals commission member"},
    {"observer", "общественный наблюдатель", "қоғамдық байқаушы", "public observer"},
    {0, 0, 0, 0}};

static const enum_value expert_status_values[] = {
    {"leading", "ведущий", "жетекші", "leading"},
    {"senior", "старший", "аға", "senior"},
    {"basic", "основной", "негізгі", "basic"},
    {0, 0, 0, 0}};

static const enum_value language_values[] = {
    {"ru", "русский", "орыс", "Russian"},
    {"kk", "казахский", "қазақ", "Kazakh"},
    {"other", "другой", "басқа", "other"},
    {0, 0, 0, 0}};

/* ---- municipalities (муниципалитеты / аудандар) ---- */
static const entity_field municipality_fields[] = {
    {"code", "код", "коды", "code", FT_CODE, true, 0, 0, NOBOUND, "M01", "territory code"},
    {"name", "наименование", "атауы", "name", FT_TEXT, true, 0, 0, NOBOUND, "Центральный район", "name"},
};
static const int municipality_key[] = {0, -1};

/* ---- schools (ОО / білім беру ұйымдары) ---- */
static const entity_field school_fields[] = {
    {"code", "код ОО", "мектеп коды", "school code", FT_CODE, true, 0, 0, NOBOUND, "S0101", "school code"},
    {"municipality_code", "код муниципалитета", "аудан коды", "municipality code", FT_CODE, true, "municipalities", 0, NOBOUND, "M01", "code of an existing municipality"},
    {"name", "наименование", "атауы", "name", FT_TEXT, true, 0, 0, NOBOUND, "МБОУ «СОШ № 1»", "school name"},
    {"address", "адрес", "мекенжайы", "address", FT_TEXT, false, 0, 0, NOBOUND, "ул. Ленина, 1", "address"},
    {"language", "язык обучения", "оқыту тілі", "language of instruction", FT_ENUM, false, 0, language_values, NOBOUND, "ru", "ru, kk or other"},
    /* where the school is: travel to exam points is measured from here */
    {"latitude", "широта", "ендік", "latitude", FT_REAL, false, 0, 0, -90, 90, "53.7557", "decimal degrees, -90 to 90"},
    {"longitude", "долгота", "бойлық", "longitude", FT_REAL, false, 0, 0, -180, 180, "87.1099", "decimal degrees, -180 to 180"},
};
static const int school_key[] = {0, -1};

/* ---- participants (участники ГИА / қатысушылар) ---- */
static const entity_field participant_fields[] = {
    [P_DOCUMENT] = {"document", "документ", "құжат", "document", FT_CODE, true, 0, 0, NOBOUND, "4510123456", "identity document series and number (KZ: ИИН)"},
    [P_LAST_NAME] = {"last_name", "фамилия", "тегі", "last name", FT_TEXT, true, 0, 0, NOBOUND, "Иванова", "last name"},
    [P_FIRST_NAME] = {"first_name", "имя", "аты", "first name", FT_TEXT, true, 0, 0, NOBOUND, "Мария", "first name"},
    [P_MIDDLE_NAME] = {"middle_name", "отчество", "әкесінің аты", "middle name", FT_TEXT, false, 0, 0, NOBOUND, "Петровна", "patronymic"},
    [P_BIRTH_DATE] = {"birth_date", "дата рождения", "туған күні", "birth date", FT_DATE, false, 0, 0, NOBOUND, "2008-03-14", "date as YYYY-MM-DD or DD.MM.YYYY"},
    [P_GENDER] = {"gender", "пол", "жынысы", "gender", FT_ENUM, false, 0, gender_values, NOBOUND, "f", "m or f (м/ж)"},
    [P_SCHOOL] = {"school_code", "код ОО", "мектеп коды", "school code", FT_CODE, false, "schools", 0, NOBOUND, "S0101", "code of an existing school"},
    [P_GRADE] = {"grade", "класс", "сынып", "grade", FT_INT, true, 0, 0, 9, 11, "11", "9 or 11"},
    [P_CATEGORY] = {"category", "категория", "санаты", "category", FT_ENUM, true, 0, category_values, NOBOUND, "pupil", "participant category"},
    [P_OVZ] = {"ovz", "ОВЗ", "ЕБҚ", "special needs", FT_BOOL, false, 0, 0, NOBOUND, "нет", "да or нет"},
    [P_DISABILITY] = {"disability", "инвалидность", "мүгедектік", "disability", FT_BOOL, false, 0, 0, NOBOUND, "нет", "да or нет"},
    [P_OVZ_CONDITIONS] = {"ovz_conditions", "условия ОВЗ", "ЕБҚ жағдайлары", "special conditions", FT_SET, false, 0, ovz_condition_values, NOBOUND, "", "special exam conditions separated by ;"},
    [P_EARLY] = {"early_period", "досрочный период", "мерзімінен бұрын", "early period", FT_BOOL, false, 0, 0, NOBOUND, "нет", "да or нет"},
    [P_EXEMPT_ORDER] = {"exemption_order", "освобождение (приказ)", "босату (бұйрық)", "exemption order", FT_TEXT, false, 0, 0, NOBOUND, "", "number and date of the exemption order"},
    [P_HONOURS] = {"honours", "претендент на награду", "марапатқа үміткер", "honours candidate", FT_ENUM, false, 0, honours_values, NOBOUND, "none", "none, medal, distinction or altyn_belgi"},
};
static const int participant_key[] = {P_DOCUMENT, -1};

/* ---- registrations (выбор предметов / пәндерді таңдау) ---- */
static const entity_field registration_fields[] = {
    [R_DOCUMENT] = {"document", "документ участника", "қатысушының құжаты", "participant document", FT_CODE, true, "participants", 0, NOBOUND, "4510123456", "document of a registered participant"},
    [R_SUBJECT] = {"subject", "предмет", "пән", "subject", FT_CODE, true, 0, 0, NOBOUND, "rus", "subject code of the rule profile"},
    [R_FORM] = {"form", "форма", "нысаны", "exam form", FT_CODE, true, 0, 0, NOBOUND, "ege", "exam form code of the rule profile"},
    [R_PERIOD] = {"period", "период", "кезең", "period", FT_ENUM, true, 0, period_values, NOBOUND, "main", "early, main or additional"},
};
static const int registration_key[] = {R_DOCUMENT, R_SUBJECT, R_PERIOD, -1};

/* ---- admissions (допуск: итоговое сочинение / собеседование) ---- */
static const entity_field admission_fields[] = {
    {"document", "документ участника", "қатысушының құжаты", "participant document", FT_CODE, true, "participants", 0, NOBOUND, "4510123456", "document of a registered participant"},
    {"kind", "вид", "түрі", "kind", FT_ENUM, true, 0, admission_kind_values, NOBOUND, "essay", "essay or interview"},
    {"date", "дата", "күні", "date", FT_DATE, true, 0, 0, NOBOUND, "2025-12-03", "date as YYYY-MM-DD or DD.MM.YYYY"},
    {"result", "результат", "нәтиже", "result", FT_ENUM, true, 0, admission_result_values, NOBOUND, "pass", "зачёт or незачёт"},
};
static const int admission_key[] = {0, 1, 2, -1};

/* ---- annual marks (годовые отметки / жылдық бағалар) ---- */
static const entity_field annual_mark_fields[] = {
    {"document", "документ участника", "қатысушының құжаты", "participant document", FT_CODE, true, "participants", 0, NOBOUND, "4510123456", "document of a registered participant"},
    {"subject", "предмет", "пән", "subject", FT_CODE, true, 0, 0, NOBOUND, "rus", "subject code"},
    {"mark", "отметка", "баға", "mark", FT_INT, true, 0, 0, 2, 5, "5", "a mark from 2 to 5"},
};
static const int annual_mark_key[] = {0, 1, -1};

/* ---- exam points (ППЭ / емтихан өткізу пункттері) ---- */
static const entity_field exam_point_fields[] = {
    {"code", "код ППЭ", "ЕӨП коды", "exam point code", FT_CODE, true, 0, 0, NOBOUND, "P0101", "exam point code"},
    {"name", "наименование", "атауы", "name", FT_TEXT, true, 0, 0, NOBOUND, "ППЭ на базе СОШ № 1", "name"},
    {"municipality_code", "код муниципалитета", "аудан коды", "municipality code", FT_CODE, true, "municipalities", 0, NOBOUND, "M01", "code of an existing municipality"},
    {"base_school_code", "код ОО базы", "базалық мектеп коды", "base school code", FT_CODE, false, "schools", 0, NOBOUND, "S0101", "code of an existing school"},
    {"kind", "вид", "түрі", "kind", FT_ENUM, true, 0, point_kind_values, NOBOUND, "regular", "regular, home, hospital or penitentiary"},
    {"address", "адрес", "мекенжайы", "address", FT_TEXT, false, 0, 0, NOBOUND, "ул. Ленина, 1", "address"},
    {"latitude", "широта", "ендік", "latitude", FT_REAL, false, 0, 0, -90, 90, "53.7557", "decimal degrees, -90 to 90"},
    {"longitude", "долгота", "бойлық", "longitude", FT_REAL, false, 0, 0, -180, 180, "87.1099", "decimal degrees, -180 to 180"},
};
static const int exam_point_key[] = {0, -1};

/* ---- rooms (аудиторный фонд / аудиториялар) ---- */
static const entity_field room_fields[] = {
    {"exam_point_code", "код ППЭ", "ЕӨП коды", "exam point code", FT_CODE, true, "exam_points", 0, NOBOUND, "P0101", "code of an existing exam point"},
    {"number", "номер аудитории", "аудитория нөмірі", "room number", FT_CODE, true, 0, 0, NOBOUND, "101", "room number"},
    {"seats", "мест", "орын саны", "seats", FT_INT, true, 0, 0, 1, 500, "15", "number of seats, 1 to 500"},
    {"features", "оснащение", "жабдықталуы", "features", FT_SET, false, 0, room_feature_values, NOBOUND, "video", "features separated by ;"},
};
static const int room_key[] = {0, 1, -1};

/* ---- staff (работники ППЭ, эксперты, ГЭК / қызметкерлер) ---- */
static const entity_field staff_fields[] = {
    {"document", "документ", "құжат", "document", FT_CODE, true, 0, 0, NOBOUND, "3205765432", "identity document series and number (KZ: ИИН)"},
    {"last_name", "фамилия", "тегі", "last name", FT_TEXT, true, 0, 0, NOBOUND, "Петров", "last name"},
    {"first_name", "имя", "аты", "first name", FT_TEXT, true, 0, 0, NOBOUND, "Сергей", "first name"},
    {"middle_name", "отчество", "әкесінің аты", "middle name", FT_TEXT, false, 0, 0, NOBOUND, "Иванович", "patronymic"},
    {"roles", "роли", "рөлдері", "roles", FT_SET, true, 0, staff_role_values, NOBOUND, "organizer", "roles separated by ;"},
    {"school_code", "код ОО (место работы)", "жұмыс орны (мектеп коды)", "workplace school code", FT_CODE, false, "schools", 0, NOBOUND, "S0101", "code of an existing school"},
    {"subjects_taught", "преподаваемые предметы", "оқытатын пәндері", "subjects taught", FT_TEXT, false, 0, 0, NOBOUND, "math_profile;physics", "subject codes separated by ;"},
    {"expert_subject", "предмет эксперта", "сарапшы пәні", "expert subject", FT_CODE, false, 0, 0, NOBOUND, "", "subject code"},
    {"expert_status", "статус эксперта", "сарапшы мәртебесі", "expert status", FT_ENUM, false, 0, expert_status_values, NOBOUND, "", "leading, senior or basic"},
    {"gek_token", "токен члена ГЭК", "МЕК мүшесінің токені", "GEK token holder", FT_BOOL, false, 0, 0, NOBOUND, "нет", "да or нет"},
};
static const int staff_key[] = {0, -1};

/* ---- exams: the schedule (расписание экзаменов / емтихандар кестесі) ---- */
static const enum_value room_kind_values[] = {
    {"regular", "обычная", "қалыпты", "regular"},
    {"computer", "компьютерная", "компьютерлік", "computer"},
    {"speaking", "устная часть", "ауызша бөлім", "speaking"},
    {0, 0, 0, 0}};

static const entity_field exam_fields[] = {
    {"code", "код экзамена", "емтихан коды", "exam code", FT_CODE, true, 0, 0, NOBOUND, "ege-2026-06-04-rus", "exam code, unique"},
    {"grade", "класс", "сынып", "grade", FT_INT, true, 0, 0, 9, 11, "11", "9 or 11"},
    {"subject", "предмет", "пән", "subject", FT_CODE, true, 0, 0, NOBOUND, "rus", "subject code of the rule profile"},
    {"form", "форма", "нысаны", "form", FT_CODE, true, 0, 0, NOBOUND, "ege", "exam form code of the rule profile"},
    {"room_kind", "тип аудитории", "аудитория түрі", "room kind", FT_ENUM, false, 0, room_kind_values, NOBOUND, "regular", "regular, computer or speaking"},
    {"date", "дата", "күні", "date", FT_DATE, true, 0, 0, NOBOUND, "2026-06-04", "exam date"},
    {"start_time", "начало", "басталуы", "start time", FT_TEXT, true, 0, 0, NOBOUND, "10:00", "HH:MM, local time"},
    {"duration_minutes", "продолжительность, мин", "ұзақтығы, мин", "duration, minutes", FT_INT, true, 0, 0, 1, 600, "210", "minutes, 1 to 600"},
    {"period", "период", "кезең", "period", FT_ENUM, true, 0, period_values, NOBOUND, "main", "early, main or additional"},
    {"reserve", "резервный день", "резервтік күн", "reserve day", FT_BOOL, false, 0, 0, NOBOUND, "нет", "да or нет"},
};
static const int exam_key[] = {0, -1};

/* ---- territorial scheme: which exam points serve a municipality
 *      (территориальная схема / аумақтық схема). A municipality with no rows
 *      uses the points of its own municipality. ---- */
static const entity_field scheme_fields[] = {
    {"municipality_code", "код муниципалитета", "аудан коды", "municipality code", FT_CODE, true, "municipalities", 0, NOBOUND, "M01", "code of an existing municipality"},
    {"exam_point_code", "код ППЭ", "ЕӨП коды", "exam point code", FT_CODE, true, "exam_points", 0, NOBOUND, "P0101", "code of an existing exam point"},
};
static const int scheme_key[] = {0, 1, -1};

#define ENTITY(var, nm, r, k, e, f, key, sort) \
    static const entity_def var = {nm, r, k, e, f, COUNT(f), key, sort}

ENTITY(municipalities, "municipalities", "муниципалитеты", "аудандар", "municipalities", municipality_fields, municipality_key, "name");
ENTITY(schools, "schools", "образовательные организации", "білім беру ұйымдары", "schools", school_fields, school_key, "municipality_code,name");
ENTITY(participants, "participants", "участники", "қатысушылар", "participants", participant_fields, participant_key, "last_name,first_name,middle_name,document");
ENTITY(registrations, "registrations", "выбор предметов", "пәндерді таңдау", "registrations", registration_fields, registration_key, "document,subject,period");
ENTITY(admissions, "admissions", "допуск к ГИА", "аттестаттауға жіберу", "admissions", admission_fields, admission_key, "document,kind,date");
ENTITY(annual_marks, "annual_marks", "годовые отметки", "жылдық бағалар", "annual marks", annual_mark_fields, annual_mark_key, "document,subject");
ENTITY(exam_points, "exam_points", "ППЭ", "емтихан өткізу пункттері", "exam points", exam_point_fields, exam_point_key, "municipality_code,code");
ENTITY(rooms, "rooms", "аудитории", "аудиториялар", "rooms", room_fields, room_key, "exam_point_code,number");
ENTITY(staff, "staff", "работники", "қызметкерлер", "staff", staff_fields, staff_key, "last_name,first_name,middle_name,document");
ENTITY(exams, "exams", "расписание экзаменов", "емтихандар кестесі", "exam schedule", exam_fields, exam_key, "date,start_time,grade,subject,code");
ENTITY(territorial_scheme, "territorial_scheme", "территориальная схема", "аумақтық схема", "territorial scheme", scheme_fields, scheme_key, "municipality_code,exam_point_code");

const entity_def *const entity_all[] = {
    &municipalities, &schools, &participants, &registrations, &admissions,
    &annual_marks, &exam_points, &rooms, &staff, &exams, &territorial_scheme,
};
const size_t entity_count = COUNT(entity_all);

