#include "render/text_table.hpp"

#include <gtest/gtest.h>

using kubemcp::render::TextTable;

TEST(TextTable, AlignsColumnsLikeKubectl) {
  TextTable t({"NAME", "READY", "STATUS"});
  t.add_row({"web-7d4b9c-x2kq", "1/1", "Running"});
  t.add_row({"db-0", "0/1", "CrashLoopBackOff"});
  EXPECT_EQ(t.str(),
            "NAME              READY   STATUS\n"
            "web-7d4b9c-x2kq   1/1     Running\n"
            "db-0              0/1     CrashLoopBackOff\n");
}

TEST(TextTable, CountsCodePointsAndPadsMissingCells) {
  TextTable t({"A", "B"});
  t.add_row({"é", "x"});
  t.add_row({"ab"});
  EXPECT_EQ(t.str(), "A    B\né    x\nab\n");
}
