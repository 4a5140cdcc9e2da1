"""A column's period and base are read from its header text, in every way the office has written it."""

from datetime import date

import pytest

from warehouse.headers import ColumnMeaning, HeaderNotUnderstood, parse_column_header

NOV_2021 = date(2021, 11, 29)


@pytest.mark.parametrize(
    ("header", "period_type", "period", "base"),
    [
        ("Tháng 11 năm 2021 so với tháng trước", "month", "2021-11", "prev_month"),
        ("Tháng 10 năm 2021 so với cùng kỳ năm trước", "month", "2021-10", "same_period_prev_year"),
        ("11 tháng năm 2021 so với cùng kỳ năm trước", "ytd", "2021-11", "same_period_prev_year"),
        ("6 tháng đầu năm 2011 so với cùng kỳ năm 2010", "ytd", "2011-06", "same_period_prev_year"),
        ("02 tháng đầu năm 2012 so với cùng kỳ năm 2011", "ytd", "2012-02", "same_period_prev_year"),
        ("Tháng 5 năm 2013 so với tháng 4 năm 2013", "month", "2013-05", "prev_month"),
        # a column whose cells were typed out of order: the years still tell
        ("Tháng 5 năm 2013 tháng 5 so với năm 2012", "month", "2013-05", "same_period_prev_year"),
        ("Tháng 1/2018 so với tháng 12/2017", "month", "2018-01", "prev_month"),
        ("Quý III năm 2022 so với cùng kỳ năm trước", "quarter", "2022-Q3", "same_period_prev_year"),
        ("Quí 1 năm 2012 so với cùng kỳ năm 2011", "quarter", "2012-Q1", "same_period_prev_year"),
        ("Qúy I năm 2014 so với cùng kỳ năm 2013", "quarter", "2014-Q1", "same_period_prev_year"),
        # December quarterly sheets: the base is merged over all quarters and comes first
        ("So với cùng kỳ năm trước: Thực hiện quý I năm năm 2022", "quarter", "2022-Q1", "same_period_prev_year"),
        ("Năm 2023 so với năm 2022", "year", "2023", "prev_year"),
        ("Cả năm 2015 so với năm 2014", "year", "2015", "prev_year"),
        ("Chính thức tháng 10 năm 2012 so với tháng 10 năm 2011", "month", "2012-10", "same_period_prev_year"),
        # the English edition of September 2020
        ("August 2020 versus same period last year", "month", "2020-08", "same_period_prev_year"),
        ("9 months of 2020 versus same period last year", "ytd", "2020-09", "same_period_prev_year"),
        ("Performance 2sd quarter of 2020 versus same period in 2019", "quarter", "2020-Q2", "same_period_prev_year"),
        # no year in the header: the latest such month not after publication
        ("Tháng 11 so với tháng trước", "month", "2021-11", "prev_month"),
        ("Tháng 12 so với cùng kỳ năm trước", "month", "2020-12", "same_period_prev_year"),
    ],
)
def test_header_states_period_and_base(header: str, period_type: str, period: str, base: str) -> None:
    meaning = parse_column_header(header, NOV_2021)
    assert (meaning.period_type, meaning.period, meaning.base) == (period_type, period, base)


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("Ước tính quý IV năm 2022 so với cùng kỳ năm trước", "estimate"),
        ("Thực hiện quý II năm 2022 so với cùng kỳ năm trước", "official"),
        ("Estimated 3rd quarter of 2020 versus same period in 2019", "estimate"),
        ("Tháng 11 năm 2021 so với tháng trước", None),
    ],
)
def test_header_may_state_the_status_of_its_figures(header: str, status: str | None) -> None:
    assert parse_column_header(header, NOV_2021).status == status


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("Tháng 11 năm 2021", "no comparison"),
        ("Chỉ số so với kỳ gốc", "no month, quarter"),
        ("Tháng 13 năm 2021 so với tháng trước", "does not exist"),
        ("Tháng 11 năm 2021 so với kỳ gốc 2010", "cannot tell what"),
    ],
)
def test_header_that_does_not_say_is_not_guessed(header: str, why: str) -> None:
    with pytest.raises(HeaderNotUnderstood, match=why):
        parse_column_header(header, NOV_2021)


def test_a_header_without_year_or_publication_date_is_not_guessed() -> None:
    with pytest.raises(HeaderNotUnderstood, match="no year"):
        parse_column_header("Tháng 11 so với tháng trước")


def test_end_month_orders_columns_of_different_kinds() -> None:
    assert ColumnMeaning("quarter", "2022-Q3", "same_period_prev_year", None).end_month == "2022-09"
    assert ColumnMeaning("year", "2023", "prev_year", None).end_month == "2023-12"
