using Tdcc.Mesh.Distribution.Scheduling.Steps;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling.Steps;

public sealed class ApportionmentTests
{
    [Fact]
    public void LargestRemainder_Weights123Of6_Gives123()
    {
        Apportionment.LargestRemainder(6, [1, 2, 3], [], []).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void LargestRemainder_Capacities6_12_18Of12_Gives2_4_6()
    {
        Apportionment.LargestRemainder(12, [6, 12, 18], [6, 12, 18], []).Should().Equal(2, 4, 6);
    }

    [Fact]
    public void LargestRemainder_Quotas_LargestRemaindersGetTheRest()
    {
        // Quotas of 10 over 5:3:2 with 7 replicas: 3.5, 2.1, 1.4 -> floors 3, 2, 1 and the last replica to the 0.5 remainder.
        Apportionment.LargestRemainder(7, [5, 3, 2], [], []).Should().Equal(4, 2, 1);
    }

    [Fact]
    public void LargestRemainder_EqualRemainders_LowerTieKeyWins()
    {
        Apportionment.LargestRemainder(4, [1, 1, 1], [], [30UL, 10UL, 20UL]).Should().Equal(1, 2, 1);
        Apportionment.LargestRemainder(5, [1, 1, 1], [], [30UL, 10UL, 20UL]).Should().Equal(1, 2, 2);
    }

    [Fact]
    public void LargestRemainder_EqualRemaindersAndKeys_EarlierIndexWins()
    {
        Apportionment.LargestRemainder(1, [1, 1], [], []).Should().Equal(1, 0);
    }

    [Fact]
    public void LargestRemainder_EqualRemainders_LargerWeightBeforeTieKey()
    {
        // 2 over 1:3: quotas 0.5 and 1.5, equal remainders; the weight-3 share wins although its tie key is higher.
        Apportionment.LargestRemainder(2, [1, 3], [], [0UL, 1UL]).Should().Equal(0, 2);
    }

    [Fact]
    public void LargestRemainder_CapReached_CapGivenAndRestRedistributed()
    {
        Apportionment.LargestRemainder(10, [1, 1], [2, 100], []).Should().Equal(2, 8);
    }

    [Fact]
    public void LargestRemainder_AllCapped_SumsToTheCaps()
    {
        Apportionment.LargestRemainder(10, [3, 1], [3, 1], []).Should().Equal(3, 1);
    }

    [Fact]
    public void LargestRemainder_ZeroWeightOrZeroCap_GetsNothing()
    {
        Apportionment.LargestRemainder(6, [0, 1, 1], [], []).Should().Equal(0, 3, 3);
        Apportionment.LargestRemainder(6, [1, 1], [0, 10], []).Should().Equal(0, 6);
    }

    [Fact]
    public void LargestRemainder_NothingToDivide_AllZero()
    {
        Apportionment.LargestRemainder(0, [1, 2], [], []).Should().Equal(0, 0);
        Apportionment.LargestRemainder(5, [], [], []).Should().BeEmpty();
    }

    [Fact]
    public void LargestRemainder_HugeWeights_NoOverflow()
    {
        Apportionment.LargestRemainder(1_000_000, [long.MaxValue / 2, long.MaxValue / 2], [], []).Should().Equal(500_000, 500_000);
    }
}
